/**
 * The terminal renderer: every table view drawn with cli-table3, its title above and its notes below.
 * Pure. Given a width, a table wider than it first loses its droppable columns in the view's order,
 * then has its widest columns wrapped; without a width (not a terminal, or --wide) nothing is fitted.
 */
import Table from 'cli-table3'
import type { RunAnalysis } from '../analysis/index.js'
import { wrap, type TableView } from './table-model.js'
import { runViews, type ViewSource } from './views.js'

/** Options of the terminal tables: colours, which tables beyond the default, the width to fit, every note. */
export interface TerminalOptions extends ViewSource {
  color?: boolean
  /** Fit the tables to this many columns (undefined: draw them at their natural width). */
  width?: number
  /** Every line under the tables (default: the grouped ones, when a table has them). */
  verbose?: boolean
}

/** Options of one drawn table. */
export type DrawOptions = Pick<TerminalOptions, 'color' | 'width' | 'verbose'>

/** The narrowest a wrapped column gets, padding included. */
const MIN_COLUMN_WIDTH = 8
/** A note row's text is wrapped at this width when no width is given. */
const NOTE_WIDTH = 90

/** A cli-table3 table with isobench's style (`colWidths` wraps cells at word boundaries). */
export function newTable(head: string[], options: { color?: boolean; compact?: boolean; colWidths?: number[] }): InstanceType<typeof Table> {
  const style = { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] }
  const chars = options.compact ? { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } : {}
  return new Table({ head, style, chars, ...(options.colWidths ? { colWidths: options.colWidths, wordWrap: true } : {}) })
}

const longestLine = (text: string) => Math.max(...text.split('\n').map((line) => line.length))

/** Each column's natural width (its longest line, plus cli-table3's padding of one a side); note rows excluded. */
export function naturalWidths(view: TableView): number[] {
  return view.header.map((head, i) => 2 + Math.max(longestLine(head), ...view.rows.map((row) => ('cells' in row ? longestLine(row.cells[i] ?? '') : 0))))
}

/** The drawn width of columns of these widths: the columns and one border between and around each. */
export function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w, 0) + widths.length + 1
}

/** The view without the columns at `drop` (note rows keep their text). */
export function withoutColumns(view: TableView, drop: ReadonlySet<number>): TableView {
  const keep = <T>(list: readonly T[]) => list.filter((_, i) => !drop.has(i))
  return { ...view, header: keep(view.header), align: keep(view.align), rows: view.rows.map((row) => ('cells' in row ? { cells: keep(row.cells) } : row)) }
}

/** Widths that fit `width`: the widest column loses a character at a time, none below MIN_COLUMN_WIDTH. */
export function shrinkWidths(widths: readonly number[], width: number): number[] {
  const fitted = [...widths]
  while (tableWidth(fitted) > width) {
    const widest = fitted.indexOf(Math.max(...fitted))
    if (fitted[widest]! <= MIN_COLUMN_WIDTH) break
    fitted[widest]!--
  }
  return fitted
}

/** Fits a view to `width`: drops its droppable columns in order while too wide; returns the view, the names dropped and column widths when wrapping is still needed. */
export function fitView(view: TableView, width: number): { view: TableView; dropped: string[]; colWidths: number[] | undefined } {
  const drop = new Set<number>()
  for (const index of view.droppable ?? []) {
    if (tableWidth(naturalWidths(withoutColumns(view, drop))) <= width) break
    if (index > 0 && index < view.header.length) drop.add(index)
  }
  const fitted = withoutColumns(view, drop)
  const natural = naturalWidths(fitted)
  const dropped = [...drop].map((i) => view.header[i]!.split('\n')[0]!)
  return { view: fitted, dropped, colWidths: tableWidth(natural) > width ? shrinkWidths(natural, width) : undefined }
}

/** One table view: title, the drawn table (a note row spans the columns after the runtime), notes. */
export function drawTable(view: TableView, options: DrawOptions = {}): string {
  const { view: fitted, dropped, colWidths } = options.width ? fitView(view, options.width) : { view, dropped: [], colWidths: undefined }
  const table = newTable(fitted.header, { color: options.color, compact: fitted.compact, colWidths })
  const firstWidth = colWidths?.[0] ?? naturalWidths(fitted)[0]!
  const noteWidth = options.width ? Math.max(20, options.width - firstWidth - 7) : NOTE_WIDTH
  for (const row of fitted.rows) {
    if ('cells' in row) table.push(row.cells)
    else table.push([row.runtime, { colSpan: fitted.header.length - 1, content: wrap(row.note, noteWidth) }])
  }
  const notes = options.verbose || !fitted.groupedNotes ? fitted.notes : fitted.groupedNotes
  const narrowed = dropped.length ? [`(${dropped.join(', ')} left out to fit ${options.width} columns; --wide shows every column)`] : []
  return [...(view.spaced ? [''] : []), ...(view.title ? [view.title] : []), table.toString(), ...narrowed, ...notes].join('\n')
}

/** Every scenario's tables, then the claims, then whether the run was cut short. */
export function renderTerminal(analysis: RunAnalysis, options: TerminalOptions): string {
  const views = runViews(analysis, options)
  const parts = [...(views.hosts ? [drawTable(views.hosts, options), ''] : []), ...views.scenarios.flatMap((scenario) => scenario.tables.map((view) => drawTable(view, options)))]
  parts.push(...views.claims.map((view) => drawTable(view, options)))
  if (!analysis.result.complete) parts.push('INCOMPLETE: the run was interrupted; the figures cover what was measured.')
  return parts.join('\n') + '\n'
}
