/** Pure JSON renderer of a compare report, for CI systems other than GitHub's. */
import type { CompareReport } from '../../compare/pair.js'

/** The kind tag of compare JSON output (a result file has schemaVersion instead). */
export const COMPARE_JSON_KIND = 'isobench-compare'

/** The report as JSON; undefined figures (NaN) become null. */
export function renderCompareJson(report: CompareReport): string {
  return JSON.stringify({ kind: COMPARE_JSON_KIND, version: 1, ...report }, null, 2) + '\n'
}
