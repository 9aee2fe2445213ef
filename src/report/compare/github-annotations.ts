/** Pure: GitHub Actions workflow commands (::error / ::warning) for a compare report. */
import type { CompareReport } from '../../compare/pair.js'
import { regressionSentence } from './cells.js'

/** Escapes a workflow command's message (GitHub's toCommandValue rules: %, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escapes a workflow command's property value (data rules plus ':' and ','). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** One `::error` line per regression, one `::warning` per environment difference and note. */
export function renderGithubAnnotations(report: CompareReport): string {
  const lines: string[] = []
  for (const c of report.comparisons.filter((x) => x.verdict === 'regressed')) {
    lines.push(`::error title=${escapeProperty('isobench: performance regression')}::${escapeData(regressionSentence(c, report))}`)
  }
  for (const difference of report.environmentDifferences) {
    lines.push(`::warning title=${escapeProperty('isobench: environment differs from the baseline')}::${escapeData(difference)}`)
  }
  for (const note of report.notes) lines.push(`::warning title=${escapeProperty('isobench: not compared')}::${escapeData(note)}`)
  return lines.length ? lines.join('\n') + '\n' : ''
}
