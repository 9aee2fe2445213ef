/**
 * Sandbox times for the in-process runtimes (isolate, vm, wasm), read by the harness-side code at
 * the sandbox's edge on the harness's own clock: when the first code enters the new context, when
 * the handler is found, and just before and after each call of it (answerAt: the call returned;
 * cpuMs: the harness process's CPU time, which includes isolated-vm's thread).
 */
import { repeatCount, type Clock, type SandboxTimes } from './types.js'

/** The marks of one instance, and its sandboxTimes() reader. */
export interface EdgeClock {
  /** The first code enters the context: now, or at `at` (a mark taken on the same clock). */
  boot(at?: number): void
  loaded(): void
  /** Runs `repeat` calls of the handler (default 1), timed, keeping the fastest and the last output; a call that throws leaves the last times as they were. */
  timed<T>(call: () => T | Promise<T>, repeat?: number): Promise<T>
  read(): SandboxTimes
}

/** An edge clock on `now` (ctx.now: CLOCK_MONOTONIC), `source` saying where it is read. */
export function edgeClock(now: Clock, source: string): EdgeClock {
  let times: SandboxTimes = { clock: 'monotonic', source, resolutionMs: 0 }
  return {
    boot: (at) => void (times = { ...times, bootAt: at ?? now() }),
    loaded: () => void (times = { ...times, loadedAt: now() }),
    async timed(call, repeat = 1) {
      let callMs = Infinity
      let cpuMs = Infinity
      let output!: Awaited<ReturnType<typeof call>>
      for (let i = 0; i < repeatCount(repeat); i++) {
        const cpuBefore = process.cpuUsage()
        const before = now()
        output = await call()
        callMs = Math.min(callMs, now() - before)
        const used = process.cpuUsage(cpuBefore)
        cpuMs = Math.min(cpuMs, (used.user + used.system) / 1000)
      }
      times = { ...times, callMs, cpuMs, answerAt: now() }
      return output
    },
    read: () => ({ ...times }),
  }
}
