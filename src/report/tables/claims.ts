/**
 * The claims summary. Pure. By default a matrix: one row per claim (and scenario), one column per
 * runtime it concerns, each cell a verdict mark with its figure (`✔ 98x`, `✘ 21x`, `? 11x`), the
 * claims with their sources and criteria under it. `--claims-detail` adds the per-runtime table:
 * each verdict beside the figure measured and its CI (JSON and CSV always carry that detail).
 */
import type { ClaimVerdict } from '../../analysis/claims/types.js'
import { textColumns, wrap, type TableView } from '../table-model.js'

const MARK: Record<string, string> = { confirmed: 'CONFIRMED', refuted: 'REFUTED', inconclusive: 'inconclusive', 'not measured': 'not measured' }
const SIGN: Record<string, string> = { confirmed: '✔', refuted: '✘', inconclusive: '?', 'not measured': '–' }
const TITLE = 'Claims summary: confirmed when the whole 95% CI is on the claim\'s side of the threshold, refuted when it is wholly on the other side, else inconclusive.'
/** The column of a verdict that concerns every runtime at once (e.g. "in every runtime the neighbour was stopped"). */
const ALL = 'all'

/** The runtime column of a verdict: the first runtime of a pair (`docker/isolate` → docker), `all` for none. */
const columnOf = (verdict: ClaimVerdict) => verdict.runtime?.split('/')[0] ?? ALL

/** `N confirmed, …` over every verdict, with how many claims had no scenario in this run. */
function tallyLine(verdicts: readonly ClaimVerdict[], untested: number): string {
  const tally = (verdict: string) => verdicts.filter((v) => v.verdict === verdict).length
  return `${tally('confirmed')} confirmed, ${tally('refuted')} refuted, ${tally('inconclusive')} inconclusive, ${tally('not measured')} not measured${untested > 0 ? ` (${untested} because their scenario did not run)` : ''}`
}

/** The matrix: claims × runtimes, a mark and the figure per cell; the claims, sources and criteria below. */
function claimsMatrix(verdicts: readonly ClaimVerdict[], shown: readonly ClaimVerdict[]): TableView {
  const columns = [...new Set(shown.map(columnOf))].sort((a, b) => (a === ALL ? 1 : b === ALL ? -1 : 0))
  const claimIds = [...new Set(shown.map((v) => v.id))]
  const keys = [...new Set(shown.map((v) => `${v.id}\u0000${v.scenario}`))]
  const rows = keys.map((key) => {
    const [id, scenario] = key.split('\u0000') as [string, string]
    const mine = shown.filter((v) => v.id === id && v.scenario === scenario)
    const several = shown.some((v) => v.id === id && v.scenario !== scenario)
    const label = `${claimIds.indexOf(id) + 1}. ${mine[0]!.claim}${several ? ` (${scenario})` : ''}`
    const cells = columns.map((column) => {
      const verdict = mine.find((v) => columnOf(v) === column)
      return verdict ? `${SIGN[verdict.verdict] ?? '?'} ${verdict.figure ?? ''}`.trim() : ''
    })
    return { cells: [wrap(label, 44), ...cells] }
  })
  const claims = claimIds.map((id, i) => {
    const claim = shown.find((v) => v.id === id)!
    return `  ${i + 1}. ${claim.claim}. Source: ${claim.source}. Confirmed here when: ${claim.criterion}.`
  })
  return {
    title: TITLE,
    spaced: true,
    header: ['claim', ...columns],
    align: textColumns(columns.length + 1),
    rows,
    notes: ['✔ confirmed, ✘ refuted, ? inconclusive, – not measured; the figure is the one measured here (a/b ratios sit in column a). --claims-detail: every CI.', ...claims, tallyLine(verdicts, verdicts.length - shown.length)],
  }
}

/** The per-runtime detail: each verdict beside the figure measured and its CI, numbered sources below. */
function claimsDetail(verdicts: readonly ClaimVerdict[], shown: readonly ClaimVerdict[]): TableView {
  const sources = [...new Set(shown.map((v) => v.source))]
  const rows = shown.map((v) => ({
    cells: [wrap(`${v.claim} [${sources.indexOf(v.source) + 1}]`, 40), wrap(v.criterion, 30), wrap(`${v.scenario}: ${v.measured}`, 36), MARK[v.verdict] ?? v.verdict],
  }))
  return {
    title: `Claims in detail. ${TITLE.replace('Claims summary: c', 'C')}`,
    spaced: true,
    header: ['claim [source]', 'confirmed here when', 'measured here [95% CI]', 'this machine'],
    align: textColumns(4),
    rows,
    notes: [...sources.map((source, i) => `  [${i + 1}] ${source}`), tallyLine(verdicts, verdicts.length - shown.length)],
  }
}

/** The claims tables (claims whose scenario did not run are counted, not listed): the matrix, and the detail when asked; none without claims. */
export function claimsTables(verdicts: readonly ClaimVerdict[] | undefined, isDetailed = false): TableView[] {
  if (!verdicts) return []
  const shown = verdicts.filter((v) => v.scenario !== null)
  return isDetailed ? [claimsMatrix(verdicts, shown), claimsDetail(verdicts, shown)] : [claimsMatrix(verdicts, shown)]
}
