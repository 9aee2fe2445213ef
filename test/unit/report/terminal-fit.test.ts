/** The terminal renderer fits a table to a width: droppable columns go first, in the view's order, then cells wrap; --verbose notes. */
import { describe, expect, it } from 'vitest'
import type { TableView } from '../../../src/report/table-model.js'
import { drawTable, fitView, naturalWidths, shrinkWidths, tableWidth } from '../../../src/report/terminal.js'

const view: TableView = {
  title: 't',
  header: ['runtime', 'median', 'p95', 'node'],
  align: ['left', 'right', 'right', 'left'],
  rows: [{ cells: ['isolate', '2.00 [1.90–2.10]', '2.50', 'v20.20.2'] }, { runtime: 'docker', note: 'skipped: no daemon; start the Docker daemon (systemctl start docker) and try again' }],
  notes: ['warning: isolate: 1 of 5 samples are outliers', 'precision: isolate −5.0%/+5.0%'],
  groupedNotes: ['precision: 1 of 1 rows wider than ±5%'],
  droppable: [3, 2],
}
const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length))

describe('fitting a table to the terminal', () => {
  it('measures natural widths with one space of padding a side, and borders between', () => {
    // Reference: "runtime"/"isolate" 7 + 2 = 9; "2.00 [1.90–2.10]" 16 + 2 = 18; "p95"/"2.50" 4 + 2 = 6; "v20.20.2" 8 + 2 = 10; 43 + 5 borders = 48.
    expect(naturalWidths(view)).toEqual([9, 18, 6, 10])
    expect(tableWidth(naturalWidths(view))).toBe(48)
  })

  it('drops droppable columns in order until the table fits, and says so under it', () => {
    // Reference: without node 48 − 10 − 1 = 37 ≤ 40: p95 stays.
    expect(fitView(view, 40)).toMatchObject({ dropped: ['node'], colWidths: undefined })
    const text = drawTable(view, { width: 40 })
    expect(widest(text.split('\n(')[0]!)).toBeLessThanOrEqual(40)
    expect(text).toContain('(node left out to fit 40 columns; --wide shows every column)')
    expect(text).not.toContain('v20.20.2')
  })

  it('wraps the widest columns when dropping is not enough, never below 8 characters', () => {
    const fitted = fitView(view, 26)
    expect(fitted.dropped).toEqual(['node', 'p95'])
    expect(tableWidth(fitted.colWidths!)).toBeLessThanOrEqual(26)
    expect(widest(drawTable(view, { width: 26 }).split('\n(')[0]!)).toBeLessThanOrEqual(26)
    expect(shrinkWidths([30, 8], 10)).toEqual([8, 8])
  })

  it('draws everything at natural width without a width (piped output, --wide)', () => {
    const text = drawTable(view)
    expect(text).toContain('v20.20.2')
    expect(text).not.toContain('left out')
  })

  it('prints the grouped notes by default and every note with verbose', () => {
    expect(drawTable(view)).toMatch(/precision: 1 of 1 rows wider than ±5%$/)
    const verbose = drawTable(view, { verbose: true })
    expect(verbose).toContain('warning: isolate: 1 of 5 samples are outliers')
    expect(verbose).not.toContain('1 of 1 rows wider')
  })
})
