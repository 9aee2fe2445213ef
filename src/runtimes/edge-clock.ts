/**
 * Sandbox times for the in-process runtimes (isolate, vm, wasm), read by the harness-side code at
 * the sandbox's edge on the harness's own clock: when the first code enters the new context, when
 * the handler is found, and just before and after each call of it (answerAt: the call returned).
 */
import type { Clock, SandboxTimes } from './types.js'

/** The marks of one instance, and its sandboxTimes() reader. */
export interface EdgeClock {
  /** The first code enters the context: now, or at `at` (a mark taken on the same clock). */
  boot(at?: number): void
  loaded(): void
  /** Runs one call of the handler, timed; a call that throws leaves the last times as they were. */
  timed<T>(call: () => T | Promise<T>): Promise<T>
  read(): SandboxTimes
}

/** An edge clock on `now` (ctx.now: CLOCK_MONOTONIC), `source` saying where it is read. */
export function edgeClock(now: Clock, source: string): EdgeClock {
  let times: SandboxTimes = { clock: 'monotonic', source, resolutionMs: 0 }
  return {
    boot: (at) => void (times = { ...times, bootAt: at ?? now() }),
    loaded: () => void (times = { ...times, loadedAt: now() }),
    async timed(call) {
      const before = now()
      const output = await call()
      const after = now()
      times = { ...times, callMs: after - before, answerAt: after }
      return output
    },
    read: () => ({ ...times }),
  }
}
