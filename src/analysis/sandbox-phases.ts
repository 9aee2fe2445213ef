/**
 * Pure: the sandbox-side phases of one cold start, from the harness's marks and the sandbox's own
 * timestamps (both already on the harness's monotonic clock), with the skew check that refuses
 * them when the sandbox's clock is not the harness's (gVisor and a VM keep clocks of their own).
 */

/** The harness's monotonic marks of one cold start (ms). */
export interface HarnessMarks {
  /** The start decision (just before start()). */
  startAt: number
  /** start() resolved: the ready line was read. */
  readyAt: number
  /** The first request was sent. */
  sentAt: number
  /** Its answer was read. */
  firstAt: number
}

/** The sandbox's timestamps, mapped onto the harness's clock (ms); resolutionMs: how coarse the clock is. */
export interface SandboxMarks {
  bootAt?: number
  loadedAt?: number
  answerAt?: number
  resolutionMs: number
}

/** The three phases, or why there are none. */
export type SandboxPhases =
  | { ok: true; phases: { sandbox_boot_ms?: number; sandbox_load_ms?: number; sandbox_return_ms?: number } }
  | { ok: false; why: string }

const fmt = (ms: number) => ms.toFixed(Math.abs(ms) >= 100 ? 0 : 3)

/**
 * The first mark outside the window the harness saw it in, as a sentence; undefined when every
 * mark lies in its window. A shared clock cannot break causality: the sandbox's first line runs
 * after the start decision and before the ready line is read; its answer is written after the
 * request is sent and before the answer is read. `resolutionMs` widens each window (Date.now()).
 */
export function skewOf(harness: HarnessMarks, sandbox: SandboxMarks): string | undefined {
  const slack = sandbox.resolutionMs
  const windows: [string, number | undefined, number, number][] = [
    ['its first line', sandbox.bootAt, harness.startAt, harness.readyAt],
    ['its workload loaded', sandbox.loadedAt, sandbox.bootAt ?? harness.startAt, harness.readyAt],
    ['its first answer written', sandbox.answerAt, harness.sentAt, harness.firstAt],
  ]
  for (const [what, at, from, to] of windows) {
    if (at === undefined) continue
    if (at < from - slack || at > to + slack) {
      const offset = at < from ? at - from : at - to
      return `the sandbox's clock is not the harness's: ${what} reads ${offset > 0 ? '+' : ''}${fmt(offset)} ms outside the ${fmt(to - from)} ms window the harness saw it in`
    }
  }
  return undefined
}

/**
 * sandbox_boot_ms: start decision → the sandbox's own first line; sandbox_load_ms: → its workload
 * loaded and ready; sandbox_return_ms: its first answer written → read by the harness. A mark the
 * sandbox did not report leaves its phase out; a skewed clock leaves them all out, with why.
 */
export function sandboxPhases(harness: HarnessMarks, sandbox: SandboxMarks): SandboxPhases {
  const skew = skewOf(harness, sandbox)
  if (skew !== undefined) return { ok: false, why: skew }
  const phases: { sandbox_boot_ms?: number; sandbox_load_ms?: number; sandbox_return_ms?: number } = {}
  const clamp = (ms: number) => Math.max(0, ms)
  if (sandbox.bootAt !== undefined) phases.sandbox_boot_ms = clamp(sandbox.bootAt - harness.startAt)
  if (sandbox.loadedAt !== undefined) phases.sandbox_load_ms = clamp(sandbox.loadedAt - (sandbox.bootAt ?? harness.startAt))
  if (sandbox.answerAt !== undefined) phases.sandbox_return_ms = clamp(harness.firstAt - sandbox.answerAt)
  return { ok: true, phases }
}
