/** noisy-neighbour: two rows per runtime (neighbour with and without limits). Pure. */
import { findSummary, type ScenarioAnalysis } from '../../analysis/index.js'
import { formatMs } from '../../format.js'
import type { RuntimeResult } from '../../result.js'
import { ratioWithCi, summaryWithCi } from '../cells.js'
import { failureNotes, textColumns, unmeasuredRow, wrap, type TableRow, type TableView } from '../table-model.js'
import { measureHeading } from './heading.js'

interface VariantDetails {
  limits?: { memoryMb: number; timeoutMs: number; cpus: number }
  neighbourStopped?: boolean
  stoppedBy?: string | null
  neighbourMs?: number | null
  victimAnswersAfter?: boolean
  victimError?: string | null
  neighbours?: number | null
  budget?: { applied: true; memoryMaxBytes: number | null; cpus: number | null; tenantHost?: boolean } | { applied: false; reason: string } | null
  error?: string
}

/** Where each row's victim and neighbours shared a budget, and where they could not (one line per kind of answer). */
function budgetNotes(runtimes: RuntimeResult[]): string[] {
  const lines = new Map<string, string[]>()
  for (const runtime of runtimes) {
    const budget = (runtime.details?.limited as VariantDetails | undefined)?.budget
    if (!budget) continue
    const line = budget.applied
      ? `one budget cgroup per variant holds ${budget.tenantHost ? 'one tenant host process with ' : ''}the victim and its neighbours: ${[budget.memoryMaxBytes ? `${budget.memoryMaxBytes / 1048576} MiB` : '', budget.cpus ? `${budget.cpus} CPU` : ''].filter(Boolean).join(', ')}`
      : `no shared budget: ${budget.reason}`
    lines.set(line, [...(lines.get(line) ?? []), runtime.runtime])
  }
  return [...lines].map(([line, names]) => `${names.join(', ')}: ${line}`)
}

/**
 * Rows whose limited neighbours no CPU quota held (in a tenant host: an in-process runtime has no
 * quota per instance) and whose time limit stopped them: they ran at full speed until then.
 */
function timeLimitNotes(runtimes: RuntimeResult[]): string[] {
  const rows = runtimes.filter((runtime) => {
    const d = runtime.details?.limited as VariantDetails | undefined
    return d?.budget?.applied && d.budget.tenantHost && d.budget.cpus && d.neighbourStopped && /timeout/.test(d.stoppedBy ?? '')
  })
  if (!rows.length) return []
  const ms = (rows[0]!.details!.limited as VariantDetails).limits?.timeoutMs
  return [`${rows.map((r) => r.runtime).join(', ')}: no CPU quota per instance in one process; the only CPU limit is the time limit${ms ? ` (${ms} ms)` : ''}, until which the limited neighbours ran at full speed (the victim's p99)`]
}

/** A runtime's two rows: the neighbour with limits, then without. */
function variantRows(analysis: ScenarioAnalysis, runtime: RuntimeResult & { details: Record<string, unknown> }): TableRow[] {
  return (['limited', 'unlimited'] as const).map((variant) => {
    const d = (runtime.details[variant] ?? {}) as VariantDetails
    const metric = `victim_beside_${variant}_ms`
    const found = analysis.changes.find((c) => c.runtime === runtime.runtime && c.metric === metric && c.base === 'victim_alone_ms')
    const change = found ? ratioWithCi(found.ratio, found.ci) : '–'
      const limits = d.limits ? `${variant}: ${d.limits.memoryMb} MiB,\n${d.limits.timeoutMs} ms${d.limits.cpus > 0 ? `, ${d.limits.cpus} CPU` : ''}` : variant
      const stopped = runtime.details[variant] === undefined
        ? 'not run (interrupted)'
        : d.error
        ? wrap(`error: ${d.error}`, 30)
        : d.neighbourStopped
          ? `yes, after ${formatMs(d.neighbourMs ?? Number.NaN)} ms:\n${wrap(d.stoppedBy ?? '', 30)}`
          : `no${d.neighbourMs ? ` (finished in ${formatMs(d.neighbourMs)} ms)` : ' (still running)'}`
    return { cells: [
        variant === 'limited' ? runtime.runtime : '',
        limits,
        variant === 'limited' ? summaryWithCi(runtime, 'victim_alone_ms') : '',
        `${summaryWithCi(runtime, metric)}\np99 ${formatMs(findSummary(runtime.summaries, metric)?.p99 ?? Number.NaN)}`,
        change,
        stopped,
        d.victimAnswersAfter === undefined ? '–' : d.victimAnswersAfter ? 'answers' : 'DEAD',
        variant === 'limited' ? (runtime.details.harnessSurvived ? 'survived' : '–') : '',
    ] }
  })
}

/** The noisy-neighbour table: victim latency alone and beside, what stopped the neighbour. */
export function noisyNeighbourTables(analysis: ScenarioAnalysis, description: string): TableView[] {
  const { scenario } = analysis
  const header = ['runtime', 'neighbour\nlimits', 'victim alone\nms [95% CI]', 'victim beside\nms [95% CI], p99', 'change\n[95% CI]', 'neighbour stopped?\nby what', 'victim\nafter', 'harness']
  const rows = scenario.runtimes.flatMap((runtime) => (runtime.details ? variantRows(analysis, { ...runtime, details: runtime.details }) : [unmeasuredRow(runtime)]))
  const deaths = scenario.runtimes.flatMap((runtime) => (['limited', 'unlimited'] as const).flatMap((variant) => {
    const d = runtime.details?.[variant] as VariantDetails | undefined
    return d?.victimError ? [`  ${runtime.runtime} (${variant}): the victim died beside the neighbour: ${d.victimError}`] : []
  }))
  const neighbours = (scenario.runtimes.map((r) => (r.details?.limited as VariantDetails | undefined)?.neighbours).find((n) => n) ?? 1)
  const notes = [...failureNotes(scenario.runtimes), ...budgetNotes(scenario.runtimes), ...timeLimitNotes(scenario.runtimes), ...(neighbours > 1 ? [`${neighbours} neighbours run at once`] : []), ...(deaths.length ? ['victim deaths (a finding, not a fault):', ...deaths] : []), 'victim: a request due every 10 ms, alone, then while the neighbour runs; latency = due → response, so a wait (busy CPU, harness thread blocked by an in-process neighbour) counts; change = median beside ÷ median alone.']
  return [{ title: measureHeading(scenario, description), spaced: true, header, align: textColumns(header.length), rows, notes }]
}
