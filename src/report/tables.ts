/** Pure: the tables Markdown and HTML share, as rows of text cells (each renderer only adds markup). */
import { formatValue } from '../format.js'
import type { RunResult, ScenarioResult } from '../result.js'
import { headlineMetric, metricLabel } from './metrics.js'
import { ciText, ratioText } from './ratio-text.js'
import { compareRuntimes, failedCount, scenarioMetrics } from './runtime-stats.js'

/** A row of cells, or a runtime without figures and the reason (skipped, failed). */
export type TableRow = { cells: string[] } | { runtime: string; note: string }

/** A table: header cells and rows; `numeric[i]` says whether column i is right-aligned. */
export interface TextTable {
  caption: string
  header: string[]
  numeric: boolean[]
  rows: TableRow[]
}

/** One row per runtime for the scenario's headline metric: n, median, its 95% CI, spread and the ratio. */
export function headlineTable(scenario: ScenarioResult): TextTable | undefined {
  const metric = headlineMetric(scenario)
  const byRuntime = new Map(metric ? compareRuntimes(scenario, metric).map((row) => [row.runtime, row]) : [])
  const unit = [...byRuntime.values()][0]?.summary.unit ?? 'ms'
  const u = unit === 'bytes' ? '' : ` ${unit}`
  const rows: TableRow[] = scenario.runtimes.map((runtime) => {
    const row = byRuntime.get(runtime.runtime)
    if (runtime.status === 'skipped') return { runtime: runtime.runtime, note: `skipped: ${runtime.reason ?? ''}${runtime.fix ? `; ${runtime.fix}` : ''}` }
    if (!row) return { runtime: runtime.runtime, note: `failed: ${runtime.reason ?? 'no successful sample'}` }
    const failed = failedCount(runtime)
    const s = row.summary
    return {
      cells: [
        runtime.runtime,
        failed > 0 ? `${s.n} (+${failed} failed)` : String(s.n),
        formatValue(s.median, unit),
        ciText(row.medianCi, unit),
        formatValue(s.p95, unit),
        formatValue(s.min, unit),
        formatValue(s.max, unit),
        ratioText(row),
      ],
    }
  })
  return {
    caption: metric ? metricLabel(metric, unit) : 'no metric',
    header: ['runtime', 'n', `median${u}`, '95% CI', `p95${u}`, `min${u}`, `max${u}`, 'vs lowest median'],
    numeric: [false, true, true, true, true, true, true, false],
    rows,
  }
}

/** Every metric (rows) by runtime (columns): `median [95% CI]`. */
export function allMetricsTable(scenario: ScenarioResult): TextTable {
  const runtimes = scenario.runtimes.filter((runtime) => runtime.summaries.length > 0).map((runtime) => runtime.runtime)
  const rows = scenarioMetrics(scenario).map((metric) => {
    const byRuntime = new Map(compareRuntimes(scenario, metric).map((row) => [row.runtime, row]))
    const unit = [...byRuntime.values()][0]?.summary.unit ?? ''
    return {
      cells: [
        metric,
        ...runtimes.map((runtime) => {
          const row = byRuntime.get(runtime)
          return row ? `${formatValue(row.summary.median, unit)} [${ciText(row.medianCi, unit)}]` : ''
        }),
      ],
    }
  })
  return { caption: 'every metric: median [95% CI]', header: ['metric', ...runtimes], numeric: [false, ...runtimes.map(() => true)], rows }
}

/** Any JSON value flattened to `key: value` pairs (`runtimes.docker.version`, `matrix.0.probe`), in recorded order. */
export function flattenPairs(value: unknown, prefix = ''): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  const walk = (path: string, inner: unknown): void => {
    const primitives = Array.isArray(inner) && inner.every((item) => item === null || typeof item !== 'object')
    if (inner !== null && typeof inner === 'object' && !primitives) {
      for (const [key, item] of Object.entries(inner)) walk(path ? `${path}.${key}` : key, item)
    } else pairs.push([path, Array.isArray(inner) ? inner.join(' ') : String(inner)])
  }
  walk(prefix, value)
  return pairs
}

/** The environment flattened to `key: value` pairs. */
export function environmentPairs(result: RunResult): Array<[string, string]> {
  return flattenPairs(result.environment)
}

/** What a measure derived per runtime (`details`) and its settings, flattened; undefined when there are none. */
export function detailsTable(scenario: ScenarioResult): TextTable | undefined {
  const settings = (scenario as { settings?: Record<string, unknown> }).settings
  const rows = [
    ...(settings ? flattenPairs(settings, 'settings') : []),
    ...scenario.runtimes.flatMap((runtime) => {
      const details = (runtime as { details?: Record<string, unknown> }).details
      return details ? flattenPairs(details, runtime.runtime) : []
    }),
  ]
  if (rows.length === 0) return undefined
  return { caption: 'settings and what the measure derived per runtime', header: ['key', 'value'], numeric: [false, false], rows: rows.map(([key, value]) => ({ cells: [key, value] })) }
}

/** One line about the machine: CPU, kernel, cgroup, Node and each runtime's version. */
export function environmentLine(result: RunResult): string {
  const env = result.environment
  const runtimes = env.runtimes && typeof env.runtimes === 'object' ? Object.values(env.runtimes as Record<string, { version?: string }>) : []
  const parts = [
    env.cpuModel !== undefined ? `${String(env.cpuModel)} ×${String(env.cpuCount)}` : undefined,
    env.os !== undefined ? String(env.os) : undefined,
    env.kernel !== undefined ? `kernel ${String(env.kernel)}` : undefined,
    env.cgroup !== undefined ? `cgroup ${String(env.cgroup)}` : undefined,
    env.node !== undefined ? `node ${String(env.node)}` : undefined,
    ...runtimes.map((info) => info.version),
  ]
  return [...new Set(parts.filter((part): part is string => Boolean(part)))].join(', ')
}

/** `hello.js · measure: cold-start · <description>` (sample counts are in the tables). */
export function scenarioLine(scenario: ScenarioResult): string {
  return [`${scenario.workload.name}.js`, `measure: ${scenario.measure}`, scenario.description].filter(Boolean).join(' · ')
}

/** What the claims table needs of a claim verdict (`result.claims`, written when several scenarios ran). */
interface ClaimRow {
  claim: string
  source: string
  criterion: string
  scenario: string | null
  measured: string
  verdict: string
}

/** The claims summary: each published claim beside what was measured here; undefined without claims. */
export function claimsTable(result: RunResult): TextTable | undefined {
  const claims = (result as { claims?: ClaimRow[] }).claims
  const shown = (claims ?? []).filter((claim) => claim.scenario !== null)
  if (shown.length === 0) return undefined
  return {
    caption: 'claims: confirmed when the whole 95% CI is on the claim\'s side of the threshold, refuted when wholly on the other side, else inconclusive',
    header: ['claim', 'source', 'confirmed here when', 'measured here', 'verdict'],
    numeric: [false, false, false, false, false],
    rows: shown.map((claim) => ({ cells: [claim.claim, claim.source, claim.criterion, `${claim.scenario}: ${claim.measured}`, claim.verdict] })),
  }
}
