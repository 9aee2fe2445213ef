/**
 * Pure: `compare` with a merged result on either side pairs rows by host. Each row is renamed
 * `runtime @ host`; a plain result's host is the merged side's host that holds the same run (by
 * runId), else its recorded hostname. Two plain results pair by runtime alone, as before.
 */
import type { RunResult } from '../result.js'

function plainHost(plain: RunResult, merged: RunResult): string {
  const sameRun = merged.hosts?.find((h) => h.runId === plain.runId)
  if (sameRun) return sameRun.host
  return typeof plain.environment.hostname === 'string' && plain.environment.hostname ? plain.environment.hostname : 'unknown host'
}

function byHost(result: RunResult, hostOfPlain: string): RunResult {
  return {
    ...result,
    scenarios: result.scenarios.map((scenario) => ({ ...scenario, runtimes: scenario.runtimes.map((row) => ({ ...row, runtime: `${row.runtime} @ ${row.host ?? hostOfPlain}` })) })),
  }
}

/** Both sides with rows keyed by runtime and host when either is merged; unchanged otherwise. */
export function pairByHost(baseline: RunResult, current: RunResult): [RunResult, RunResult] {
  if (!baseline.hosts && !current.hosts) return [baseline, current]
  const merged = baseline.hosts ? baseline : current
  return [byHost(baseline, plainHost(baseline, merged)), byHost(current, plainHost(current, merged))]
}
