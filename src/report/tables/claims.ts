/** The claims summary: each claim beside the figure measured here and the verdict; sources and a tally below. Pure. */
import type { ClaimVerdict } from '../../analysis/claims/types.js'
import { textColumns, wrap, type TableView } from '../table-model.js'

const MARK: Record<string, string> = { confirmed: 'CONFIRMED', refuted: 'REFUTED', inconclusive: 'inconclusive', 'not measured': 'not measured' }

/** A table of verdicts (claims whose scenario did not run are counted, not listed); undefined without claims. */
export function claimsTable(verdicts: readonly ClaimVerdict[] | undefined): TableView | undefined {
  if (!verdicts) return undefined
  const shown = verdicts.filter((v) => v.scenario !== null)
  const sources = [...new Set(shown.map((v) => v.source))]
  const rows = shown.map((v) => ({
    cells: [wrap(`${v.claim} [${sources.indexOf(v.source) + 1}]`, 40), wrap(v.criterion, 30), wrap(`${v.scenario}: ${v.measured}`, 36), MARK[v.verdict] ?? v.verdict],
  }))
  const tally = (verdict: string) => verdicts.filter((v) => v.verdict === verdict).length
  const untested = verdicts.length - shown.length
  return {
    title: 'Claims summary: confirmed when the whole 95% CI is on the claim\'s side of the threshold, refuted when it is wholly on the other side, else inconclusive.',
    spaced: true,
    header: ['claim [source]', 'confirmed here when', 'measured here [95% CI]', 'this machine'],
    align: textColumns(4),
    rows,
    notes: [
      ...sources.map((source, i) => `  [${i + 1}] ${source}`),
      `${tally('confirmed')} confirmed, ${tally('refuted')} refuted, ${tally('inconclusive')} inconclusive, ${tally('not measured')} not measured${untested > 0 ? ` (${untested} because their scenario did not run)` : ''}`,
    ],
  }
}
