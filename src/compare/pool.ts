/**
 * Pure: pools several results of one side (runs of the same build, e.g. alternated with the other
 * side's runs: A B B A ...) into one, by concatenating the samples of each scenario × runtime.
 * Alternating runs is how benchstat advises comparing on a noisy machine: load that drifts then
 * falls on both sides alike. (The verdict then uses each run's median: compare/pair.ts.)
 */
import { UsageError } from '../errors.js'
import type { RunResult, RuntimeResult, ScenarioResult } from '../result.js'

function poolRuntime(into: RuntimeResult, from: RuntimeResult): RuntimeResult {
  const offset = into.samples.length
  const samples = [...into.samples, ...from.samples.map((s) => ({ ...s, index: s.index + offset }))]
  const ok = into.status === 'ok' || from.status === 'ok'
  return { ...into, status: ok ? 'ok' : into.status, reason: ok ? undefined : into.reason, info: into.info ?? from.info, samples, summaries: [] }
}

function poolScenario(into: ScenarioResult, from: ScenarioResult, role: string): ScenarioResult {
  if (into.workload?.sha256 !== from.workload?.sha256) {
    throw new UsageError(`the ${role} files disagree on scenario ${into.name}'s workload source (different sha256)`, `pool only runs of the same build on one side`)
  }
  const runtimes = into.runtimes.map((r) => {
    const other = from.runtimes.find((o) => o.runtime === r.runtime)
    return other ? poolRuntime(r, other) : r
  })
  for (const other of from.runtimes) if (!runtimes.some((r) => r.runtime === other.runtime)) runtimes.push(other)
  return { ...into, runs: into.runs + from.runs, runtimes }
}

/** One result holding every sample of `results` (the first one's environment and options). */
export function poolResults(results: readonly RunResult[], role: string): RunResult {
  const [first, ...rest] = results
  if (!first) throw new UsageError(`no ${role} file given`, 'pass at least one result file')
  let scenarios = first.scenarios
  for (const result of rest) {
    scenarios = scenarios.map((s) => {
      const other = result.scenarios.find((o) => o.name === s.name)
      return other ? poolScenario(s, other, role) : s
    })
    for (const other of result.scenarios) if (!scenarios.some((s) => s.name === other.name)) scenarios.push(other)
  }
  return { ...first, complete: results.every((r) => r.complete), scenarios }
}
