/** density: one row per runtime: how far it got, what each instance costs, why it stopped. Pure. */
import { formatBytes, formatMs } from '../../format.js'
import { wrap } from '../cells.js'
import type { ScenarioResult } from '../../result.js'
import { failureNotes, newTable, unmeasuredRow, type TableOptions } from './common.js'

interface DensityDetails {
  largestN: number
  cap: number
  stopReason: string
  hostSlopeBytes: number | null
  instancesPerGiB: number | null
  stopAllMs: number
}

/** The density table: largest N, time to start the N-th, host memory per step and per instance. */
export function renderDensityTable(scenario: ScenarioResult, options: TableOptions): string {
  const head = ['runtime', 'largest N\n(cap)', 'time to start the N-th\n(N: ms)', 'host drop at N\n(N: MiB)', 'host per\ninstance\n(slope)', 'instances\nper GiB\n(slope)', 'stopped because', 'stop all\nms']
  const table = newTable(head, options)
  for (const runtime of scenario.runtimes) {
    const details = runtime.details as DensityDetails | undefined
    if (!details || runtime.status === 'skipped') {
      table.push(unmeasuredRow(runtime, head.length))
      continue
    }
    const steps = runtime.samples.filter((s) => s.ok)
    table.push([
      runtime.runtime,
      `${details.largestN}\n(${details.cap})`,
      steps.map((s) => `${s.metrics.instances}: ${formatMs(s.metrics.start_nth_ms!)}`).join('\n'),
      steps.map((s) => `${s.metrics.instances}: ${formatBytes(s.metrics.memory_host_drop_bytes!)}`).join('\n'),
      formatBytes(details.hostSlopeBytes ?? Number.NaN),
      details.instancesPerGiB === null ? '–' : String(Math.round(details.instancesPerGiB)),
      wrap(details.stopReason, 28),
      formatMs(details.stopAllMs),
    ])
  }
  return [table.toString(), ...failureNotes(scenario), 'host drop = fall of MemAvailable with N instances alive; slope = least squares over the steps; instances per GiB = 1 GiB ÷ slope.'].join('\n')
}
