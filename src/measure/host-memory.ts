import { readFile, writeFile } from 'node:fs/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * The host view of memory: MemAvailable from /proc/meminfo, in bytes. The kernel's estimate of
 * memory available for new work; its drop per live instance sees everything an instance costs
 * (its processes, dockerd's and the shim's share, page tables, the harness's isolate heaps).
 */
export async function readMemAvailableBytes(): Promise<number> {
  const text = await readFile('/proc/meminfo', 'utf8')
  const match = /^MemAvailable:\s+(\d+) kB/m.exec(text)
  if (!match) throw new Error('/proc/meminfo has no MemAvailable line (Linux 3.14+ needed for the host memory view)')
  return Number(match[1]) * 1024
}

/** Waits so that the kernel's counters catch up with what was just started. */
export function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Longer than vm.stat_interval (1 s), so the kernel's per-CPU counters have been folded into MemAvailable. */
export const COUNTER_SETTLE_MS = 1100
/** After a forced fold (vm.stat_refresh), a short pause for what was just started or stopped to quiesce. */
export const REFRESH_SETTLE_MS = 100
const STAT_REFRESH = '/proc/sys/vm/stat_refresh'

/** How the counters are brought up to date before a MemAvailable reading (for the result's settings). */
export type CounterSettle = 'vm.stat_refresh' | `wait ${number} ms`

/**
 * Brings MemAvailable up to date before it is read. The kernel keeps per-CPU counter deltas and
 * folds them in every vm.stat_interval (1 s); as root, writing /proc/sys/vm/stat_refresh folds them
 * at once (Linux 4.4+), so the reading is exact without waiting. Otherwise, wait past the interval.
 */
export async function settleCounters(): Promise<CounterSettle> {
  try {
    await writeFile(STAT_REFRESH, '1')
    await settle(REFRESH_SETTLE_MS)
    return 'vm.stat_refresh'
  } catch {
    await settle(COUNTER_SETTLE_MS)
    return `wait ${COUNTER_SETTLE_MS} ms`
  }
}

/** The harness's own garbage collector, reached without a command-line flag (undefined if V8 refuses). */
let harnessGc: (() => void) | undefined | null = null
function collectHarnessGarbage(): void {
  if (harnessGc === null) {
    try {
      setFlagsFromString('--expose-gc')
      harnessGc = runInNewContext('gc') as () => void
    } catch {
      harnessGc = undefined
    }
  }
  harnessGc?.()
}

/** MemAvailable counts as quiet when QUIET_STEPS readings QUIET_STEP_MS apart each differ from the last by less than this. */
export const QUIET_BYTES = 1024 * 1024
const QUIET_STEP_MS = 250
const QUIET_STEPS = 2
/** The longest the harness waits for quiet (a shared machine may never be); why 8 s: docs/measurement-notes.md. */
export const QUIET_MAX_MS = 8000

/**
 * The MemAvailable baseline before a runtime's instances start. What the previous runtime freed
 * comes back late (V8 returns pages after a GC, isolates are disposed on their own threads), and
 * would show as negative memory per instance for the next runtime. So: collect the harness's
 * garbage, then read until two readings in a row agree within QUIET_BYTES, at most QUIET_MAX_MS.
 */
export async function quietBaselineBytes(): Promise<number> {
  collectHarnessGarbage()
  const deadline = Date.now() + QUIET_MAX_MS
  await settleCounters()
  let previous = await readMemAvailableBytes()
  let quietSteps = 0
  for (;;) {
    await settle(QUIET_STEP_MS)
    await settleCounters()
    const now = await readMemAvailableBytes()
    quietSteps = Math.abs(now - previous) < QUIET_BYTES ? quietSteps + 1 : 0
    if (quietSteps >= QUIET_STEPS || Date.now() >= deadline) return now
    previous = now
  }
}

/** Default memory budget: half of what is available now, at most 8 GiB, at least 64 MiB (the machine may be shared). */
export function defaultMemoryBudgetMb(availableBytes: number): number {
  return Math.max(64, Math.min(8192, Math.floor(availableBytes / 2 / (1024 * 1024))))
}
