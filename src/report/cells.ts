/** Pure helpers shared by the terminal tables: table construction, CI cells, wrapping. */
import Table from 'cli-table3'
import { formatMs, formatMsInterval } from '../format.js'
import type { MetricSummary } from '../result.js'

/** Options every terminal table takes. */
export interface TableOptions {
  color?: boolean
}

/** A cli-table3 table with isobench's style. */
export function newTable(head: string[], options: TableOptions & { compact?: boolean }): InstanceType<typeof Table> {
  const style = { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] }
  // compact: no line between rows (for tables with several rows per runtime)
  const chars = options.compact ? { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } : {}
  return new Table({ head, style, chars })
}

/** `232 [221–240]`: a median with its 95% CI, in ms. */
export function medianWithCi(summary: MetricSummary): string {
  const ci = summary.medianCi
  if (!ci || !Number.isFinite(ci.low)) return formatMs(summary.median)
  return `${formatMs(summary.median)} [${formatMsInterval(ci.low, ci.high)}]`
}

/** Greedy word wrap at `width` characters. */
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
