/** hardening: one row per runtime: the cold start with every hardening in force, then each hardening's cost with its CI. Pure. */
import { hardeningCosts, HARDENED_METRIC } from '../../analysis/hardening.js'
import type { ScenarioAnalysis } from '../../analysis/index.js'
import { formatMs } from '../../format.js'
import { summaryWithCi } from '../cells.js'
import { failureNotes, figureColumns, unmeasuredRow, type TableView } from '../table-model.js'
import { measureHeading } from './heading.js'

/** What relaxing each hardening removes, as the column header says it. */
const HEADERS: Record<string, string> = {
  memory: 'memory cap\n(heap cap, cgroup,\nmemoryLimit)',
  pids: 'pids limit',
  env: 'minimal env',
  network: 'network\nnone',
  readonly: 'read-only\nroot fs',
  caps: 'cap-drop ALL,\nno-new-privs',
  cgroup: 'own cgroup\n(started inside)',
}

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${formatMs(Math.abs(ms))}`

/** Why relaxing one of these makes a start slower, where known. */
const WHY_SLOWER: Record<string, string> = {
  env: 'the host\'s environment reaches the workload, and with it variables that slow node\'s start-up (NODE_EXTRA_CA_CERTS, NODE_OPTIONS)',
  network: 'the container joins the default bridge network, whose veth pair and address the engine sets up at each start',
}

/** Why a hardening costs what it does, where it is not obvious. */
const WHY_COSTS: Record<string, string> = {
  cgroup: 'a child joins its cgroup before its runtime starts (so node sizes its heap for its limit); on cgroup v1 moving a task waits for an RCU grace period (the kernel\'s cgroup_threadgroup_rwsem), which runc pays for a container too',
}

/** Why the hardenings in the table cost what they do, where it is not obvious (one line each). */
function whyNotes(relaxations: string[]): string[] {
  return relaxations.filter((r) => WHY_COSTS[r]).map((r) => `${HEADERS[r]?.split('\n')[0] ?? r}: ${WHY_COSTS[r]}`)
}

/** A cost whose whole CI is below 0: in force, the start is faster than relaxed (the hardening saves time here). */
function savingNotes(runtimes: ScenarioAnalysis['scenario']['runtimes']): string[] {
  return runtimes.flatMap((runtime) => hardeningCosts(runtime)
    .filter((cost) => cost.costCi.high < 0)
    .map((cost) => `${runtime.runtime} ${HEADERS[cost.relaxation]?.split('\n')[0] ?? cost.relaxation}: ${signed(cost.costMs)} ms, faster in force than relaxed${WHY_SLOWER[cost.relaxation] ? `: relaxed, ${WHY_SLOWER[cost.relaxation]}` : ''}`))
}

/** The hardening table: each hardening's cost in ms (median all − median relaxed) with its 95% CI and share. */
export function hardeningTables(analysis: ScenarioAnalysis, description: string): TableView[] {
  const { scenario } = analysis
  const relaxations = [...new Set(scenario.runtimes.flatMap((row) => hardeningCosts(row).map((c) => c.relaxation)))]
  const header = ['runtime', 'all in force\nms [95% CI]', ...relaxations.map((r) => HEADERS[r] ?? r)]
  const rows = scenario.runtimes.map((runtime) => {
    const costs = hardeningCosts(runtime)
    if (runtime.status !== 'ok' || !runtime.samples.some((s) => s.ok)) return unmeasuredRow(runtime)
    return { cells: [
      runtime.runtime,
      summaryWithCi(runtime, HARDENED_METRIC),
      ...relaxations.map((relaxation) => {
        const cost = costs.find((c) => c.relaxation === relaxation)
        if (!cost) return 'n/a'
        return `${signed(cost.costMs)} ms (${signed((cost.ratio - 1) * 100)}%)\n[${signed(cost.costCi.low)}…${signed(cost.costCi.high)}]`
      }),
    ] }
  })
  const notes = [
    ...failureNotes(scenario.runtimes),
    ...savingNotes(scenario.runtimes),
    ...whyNotes(relaxations),
    'cost = median cold start with every hardening in force − median with that one relaxed alone (its share of the relaxed cold start), 95% bootstrap CI of the difference; variants interleaved in each round.',
    'n/a = the hardening does not apply to that runtime (an isolate has no container, pids or env to relax); a CI that spans 0 is a cost too small to see here.',
  ]
  return [{ title: measureHeading(scenario, description, true), spaced: true, header, align: figureColumns(header.length), rows, notes }]
}
