/** Pure: the tables Markdown and HTML add from the record itself: every metric, settings and details, the environment. */
import { comparisonOf, type ScenarioAnalysis } from '../../analysis/index.js'
import { formatValue } from '../../format.js'
import type { RunResult, ScenarioResult } from '../../result.js'
import { ciText } from '../cells.js'
import { figureColumns, textColumns, type TableView } from '../table-model.js'

/** Every metric (rows) by runtime (columns): `median [95% CI]`. */
export function allMetricsTable(analysis: ScenarioAnalysis): TableView {
  const runtimes = analysis.scenario.runtimes.filter((runtime) => runtime.summaries.length > 0).map((runtime) => runtime.runtime)
  const rows = analysis.metrics.map(({ metric }) => {
    const compared = comparisonOf(analysis, metric)
    const cells = runtimes.map((runtime) => {
      const row = compared.rows.find((r) => r.runtime === runtime)
      return row ? `${formatValue(row.summary.median, compared.unit)} [${ciText(row.medianCi, compared.unit)}]` : ''
    })
    return { cells: [metric, ...cells] }
  })
  return { title: 'every metric: median [95% CI]', header: ['metric', ...runtimes], align: figureColumns(runtimes.length + 1), rows, notes: [] }
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

function pairsTable(title: string, pairs: Array<[string, string]>): TableView {
  return { title, header: ['key', 'value'], align: textColumns(2), rows: pairs.map(([key, value]) => ({ cells: [key, value] })), notes: [] }
}

/** The environment flattened to `key: value` rows. */
export function environmentTable(result: RunResult): TableView {
  return pairsTable('environment', flattenPairs(result.environment))
}

/** What a measure derived per runtime (`details`) and its settings, flattened; undefined when there are none. */
export function detailsTable(scenario: ScenarioResult): TableView | undefined {
  const pairs = [
    ...(scenario.settings ? flattenPairs(scenario.settings, 'settings') : []),
    ...scenario.runtimes.flatMap((runtime) => (runtime.details ? flattenPairs(runtime.details, runtime.runtime) : [])),
  ]
  return pairs.length === 0 ? undefined : pairsTable('settings and what the measure derived per runtime', pairs)
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
