/** density: one row per runtime: how far it got, what each instance costs, why it stopped. Pure. */
import type { ScenarioAnalysis } from '../../analysis/index.js'
import { formatMs } from '../../format.js'
import { hostBytesCell } from '../cells.js'
import { failureNotes, figureColumns, unmeasuredRow, wrap, type TableView } from '../table-model.js'
import { measureHeading } from './heading.js'

interface DensityDetails {
  largestN: number
  cap: number
  stopReason: string
  hostSlopeBytes: number | null
  instancesPerGiB: number | null
  stopAllMs: number
}

/** The density table: largest N, time to start the N-th, host memory per step and per instance. */
export function densityTables(analysis: ScenarioAnalysis, description: string): TableView[] {
  const { scenario } = analysis
  const header = ['runtime', 'largest N\n(cap)', 'time to start the N-th\n(N: ms)', 'host drop at N\n(N: MiB)', 'host per\ninstance\n(slope)', 'instances\nper GiB\n(slope)', 'stopped because', 'stop all\nms']
  const rows = scenario.runtimes.map((runtime) => {
    const details = runtime.details as DensityDetails | undefined
    if (!details || runtime.status === 'skipped') return unmeasuredRow(runtime)
    const steps = runtime.samples.filter((s) => s.ok)
    return { cells: [
      runtime.runtime,
      `${details.largestN}\n(${details.cap})`,
      steps.map((s) => `${s.metrics.instances}: ${formatMs(s.metrics.start_nth_ms!)}`).join('\n'),
      steps.map((s) => `${s.metrics.instances}: ${hostBytesCell(s.metrics.memory_host_drop_bytes!)}`).join('\n'),
      hostBytesCell(details.hostSlopeBytes ?? Number.NaN),
      details.instancesPerGiB === null ? '–' : String(Math.round(details.instancesPerGiB)),
      wrap(details.stopReason, 28),
      formatMs(details.stopAllMs),
    ] }
  })
  const notes = [...failureNotes(scenario.runtimes), 'host drop = fall of MemAvailable with N instances alive; slope = least squares over the steps; instances per GiB = 1 GiB ÷ slope.']
  return [{ title: measureHeading(scenario, description), spaced: true, header, align: [...figureColumns(header.length - 2), 'left', 'right'], rows, notes }]
}
