/**
 * The one table model every format renders: a title, a header, column alignment, rows of cells or a
 * full-width note row, and notes under the table. The terminal draws it with cli-table3; Markdown and
 * HTML add markup. Cells may hold line breaks (terminal layout); the other formats join them with spaces.
 */
import type { RuntimeResult } from '../result.js'

/** How a column's cells are aligned (Markdown and HTML; the terminal aligns everything left). */
export type Align = 'left' | 'right'

/** A row of cells, or a runtime without figures and why (skipped, failed) across the other columns. */
export type TableRow = { cells: string[] } | { runtime: string; note: string }

/** One table, as every format shows it. */
export interface TableView {
  /** The line above the table in the terminal; the caption in Markdown and HTML. */
  title: string
  /** The terminal leaves a blank line before the title. */
  spaced?: boolean
  header: string[]
  align: Align[]
  rows: TableRow[]
  /** Lines under the table: failures, precision, what the columns mean. */
  notes: string[]
  /** The notes grouped into a few lines: the terminal prints these unless --verbose (other formats print `notes`). */
  groupedNotes?: string[]
  /**
   * Columns (indices) the terminal may drop, first dropped first, when the table is wider than the
   * terminal; the rest are wrapped. `--wide` keeps them all.
   */
  droppable?: number[]
  /** No rule between rows (tables with several rows per runtime). */
  compact?: boolean
}

/** The options that choose which tables a scenario shows beyond the compact default. */
export interface ViewOptions {
  /** `--phases`: a table of each runtime's cold start phase by phase. */
  phases?: boolean
  /** `--memory-views`: a table with every memory view apart. */
  memoryViews?: boolean
  /** `--claims-detail`: the per-runtime claims table (each verdict's figure and CI) after the matrix. */
  claimsDetail?: boolean
}

/** Failed samples in one line: `failed: isolate 2 samples, process 1 (first: <error>)`; none: nothing. */
export function groupedFailureNotes(runtimes: readonly RuntimeResult[]): string[] {
  const failed = runtimes.map((r) => ({ runtime: r.runtime, samples: r.samples.filter((s) => !s.ok) })).filter((r) => r.samples.length > 0)
  if (failed.length === 0) return []
  const counts = failed.map((r, i) => `${r.runtime} ${r.samples.length}${i === 0 ? ` sample${r.samples.length === 1 ? '' : 's'}` : ''}`)
  return [`failed: ${counts.join(', ')} (first: ${failed[0]!.samples[0]!.error}; --verbose for each)`]
}

/** The row of a runtime that was not measured: why, across the remaining columns. */
export function unmeasuredRow(runtime: RuntimeResult): TableRow {
  const why = runtime.status === 'skipped' ? `skipped: ${runtime.reason}; ${runtime.fix}` : `failed: ${runtime.reason ?? 'no successful sample'}`
  return { runtime: runtime.runtime, note: why }
}

/** `runtime` left, every other column right (tables of figures). */
export function figureColumns(count: number): Align[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? 'left' : 'right'))
}

/** Every column left (tables of words). */
export function textColumns(count: number): Align[] {
  return Array.from({ length: count }, () => 'left')
}

/** Greedy word wrap at `width` characters (line breaks only replace spaces, so joining restores the text). */
export function wrap(text: string, width: number): string {
  const words = text.split(' ')
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.join('\n')
}

/** Lines noting the failed samples of each runtime (first error). */
export function failureNotes(runtimes: readonly RuntimeResult[]): string[] {
  const notes: string[] = []
  for (const runtime of runtimes) {
    const failed = runtime.samples.filter((s) => !s.ok)
    if (failed.length > 0) notes.push(`  ${runtime.runtime}: ${failed.length} sample(s) failed, first: ${failed[0]!.error}`)
  }
  return notes
}
