/** Pure: a merged result's tables: each scenario's runtime × host grid (medians, CIs, ratio to the reference host) and the hosts themselves. */
import type { HostCell, HostComparison } from '../../analysis/index.js'
import { formatBytes, formatRatio, formatValue } from '../../format.js'
import type { HostRun, RunResult } from '../../result.js'
import { ciRatio, ciText } from '../cells.js'
import { figureColumns, textColumns, type TableView } from '../table-model.js'

function cellText(cell: HostCell | undefined, unit: string, isReference: boolean): string {
  if (!cell) return '–'
  const median = `${formatValue(cell.summary.median, unit)} [${ciText(cell.medianCi, unit)}]`
  if (isReference) return `${median}\nreference`
  if (!Number.isFinite(cell.ratio)) return `${median}\n(no reference)`
  return `${median}\n${formatRatio(cell.ratio)} [${cell.ratioCi ? ciRatio(cell.ratioCi) : '–'}]`
}

/** One scenario's grid: a row per runtime, a column per host; each cell the median [95% CI] and the ratio to the reference host [95% CI]. */
export function hostGridTable(comparison: HostComparison): TableView {
  const { hosts, reference, unit } = comparison
  return {
    title: `${comparison.scenario}: ${comparison.metric} by host, median [95% CI]; under it the ratio to ${reference} (same runtime) [95% CI]`,
    header: ['runtime', ...hosts.map((host) => (host === reference ? `${host}\n(reference)` : host))],
    align: figureColumns(hosts.length + 1),
    rows: comparison.rows.map((row) => ({ cells: [row.runtime, ...row.cells.map((cell, i) => cellText(cell, unit, hosts[i] === reference))] })),
    notes: [`ratio = median on the host / median on ${reference} for the same runtime; its 95% CI resamples each host's samples on their own. Hosts differ in more than one way: see the hosts table.`],
  }
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value))

/** The docker engine a host's run used: version and, when remote, where. */
function engineOf(run: HostRun): string {
  const runtimes = (run.environment.runtimes ?? {}) as Record<string, { version?: string; details?: Record<string, unknown> }>
  const docker = runtimes.docker ?? Object.entries(runtimes).find(([name]) => name.startsWith('docker'))?.[1]
  if (!docker) return ''
  const details = docker.details ?? {}
  return details.remote === true ? `${text(docker.version)}\nremote ${text(details.engineHostName) || text(details.dockerHost)}` : text(docker.version)
}

/** One row per host: what it is (CPU, cores, memory, kernel, cgroup, node, docker) and when it ran. */
export function hostsTable(result: RunResult): TableView {
  const header = ['host', 'CPU', 'cores', 'memory', 'kernel\ncgroup', 'node', 'docker', 'run\nstarted']
  const rows = (result.hosts ?? []).map((run) => {
    const env = run.environment
    const memory = typeof env.memoryTotalBytes === 'number' ? formatBytes(env.memoryTotalBytes) : ''
    return { cells: [run.host, text(env.cpuModel), text(env.cpuCount), memory, `${text(env.kernel)}\n${text(env.cgroup)}`, text(env.node), engineOf(run), `${run.runId}\n${run.startedAt}`] }
  })
  return { title: `hosts: ${rows.length} merged results, each with its own environment`, header, align: textColumns(header.length), rows, notes: [] }
}
