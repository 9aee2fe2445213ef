/**
 * Pure: several results (hosts, or runs) merged into one. Each host keeps its own environment and
 * options (`hosts[]`); every runtime row names its host; scenarios of the same name are one scenario
 * only when they ran the same workload bytes (sha256), else the merge is refused (bad input).
 */
import { UsageError } from './errors.js'
import { SCHEMA_VERSION, type HostRun, type RunResult, type ScenarioResult } from './result.js'

/** One input: a result, the file it came from, and the label asked for (`NAME=file`), if any. */
export interface MergeInput {
  file: string
  label?: string
  result: RunResult
}

/** The host runs of one input: a merged result's own hosts, else one from its environment. */
function hostRunsOf(input: MergeInput): HostRun[] {
  const { result } = input
  if (result.hosts) return result.hosts.map((h) => ({ ...h, file: h.file ?? input.file }))
  const hostname = typeof result.environment.hostname === 'string' && result.environment.hostname ? result.environment.hostname : undefined
  const fallback = input.file.split('/').pop()!.replace(/\.json$/, '')
  return [{ host: input.label ?? hostname ?? fallback, file: input.file, runId: result.runId, startedAt: result.startedAt, ...(result.finishedAt ? { finishedAt: result.finishedAt } : {}), complete: result.complete, environment: result.environment, options: result.options }]
}

/** A label not used yet: `name`, else `name#2`, `name#3` … (two runs on one host stay apart). */
function uniqueLabel(name: string, used: Set<string>): string {
  let label = name
  for (let i = 2; used.has(label); i++) label = `${name}#${i}`
  used.add(label)
  return label
}

/** Refuses a scenario name that stands for different workloads in two inputs. */
function checkSameWorkload(kept: { scenario: ScenarioResult; file: string }, next: ScenarioResult, file: string): void {
  if (kept.scenario.workload.sha256 === next.workload.sha256) return
  throw new UsageError(
    `scenario ${next.name} ran different workloads: ${kept.scenario.workload.name}.js sha256 ${kept.scenario.workload.sha256.slice(0, 12)} in ${kept.file}, ${next.workload.name}.js sha256 ${next.workload.sha256.slice(0, 12)} in ${file}`,
    'merge results of the same scenario and workload files (or give one scenario another name)',
  )
}

/** The merged result; throws UsageError for fewer than two inputs, another schemaVersion, or one scenario name over different workloads. */
export function mergeResults(inputs: readonly MergeInput[], stamp: { runId: string }): RunResult {
  if (inputs.length < 2) throw new UsageError('merge needs at least two result files', 'isobench merge a.json b.json [--out DIR] (NAME=file names a host)')
  for (const input of inputs) {
    if (input.result.schemaVersion !== SCHEMA_VERSION) {
      throw new UsageError(`${input.file} has schemaVersion ${input.result.schemaVersion}, ${inputs[0]!.file} has ${SCHEMA_VERSION}: results of different schema versions cannot be merged`, 'record the older results again with this isobench version')
    }
  }
  const used = new Set<string>()
  const hosts: HostRun[] = []
  const scenarios = new Map<string, { scenario: ScenarioResult; file: string }>()
  for (const input of inputs) {
    const runs = hostRunsOf(input)
    const relabel = new Map(runs.map((run) => [run.host, uniqueLabel(run.host, used)]))
    hosts.push(...runs.map((run) => ({ ...run, host: relabel.get(run.host)! })))
    const onlyHost = relabel.get(runs[0]!.host)!
    for (const scenario of input.result.scenarios) {
      const rows = scenario.runtimes.map((row) => ({ ...row, host: row.host ? relabel.get(row.host) ?? row.host : onlyHost }))
      const kept = scenarios.get(scenario.name)
      if (kept) {
        checkSameWorkload(kept, scenario, input.file)
        kept.scenario.runtimes.push(...rows)
      } else scenarios.set(scenario.name, { scenario: { ...scenario, runtimes: rows }, file: input.file })
    }
  }
  const times = hosts.map((h) => h.startedAt).sort()
  const ends = hosts.map((h) => h.finishedAt ?? h.startedAt).sort()
  const first = inputs[0]!.result
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: first.tool,
    runId: stamp.runId,
    startedAt: times[0]!,
    finishedAt: ends.at(-1)!,
    complete: hosts.every((h) => h.complete),
    environment: first.hosts?.[0]?.environment ?? first.environment,
    options: { merge: inputs.map((i) => i.file), hosts: hosts.map((h) => h.host) },
    hosts,
    scenarios: [...scenarios.values()].map((s) => s.scenario),
  }
}

/** The hosts of a result: a merged one's labels, else none. */
export function hostsOf(result: RunResult): string[] {
  return result.hosts?.map((h) => h.host) ?? []
}
