/** `isobench report`: analyses a saved result and renders it in any format, to stdout or a file. */
import { extname } from 'node:path'
import { analyseRun } from '../analysis/index.js'
import { EXIT } from '../errors.js'
import { measureTables } from '../measure/kinds/index.js'
import { renderReport, type ReportFormat } from '../report/formats.js'
import { writeReportFile } from '../report/write.js'
import { readResultFile } from '../result-file.js'
import { checkReferenceHost } from './merge.js'

/** Options of `isobench report`, validated by the CLI. */
export interface ReportOptions {
  file: string
  /** Undefined: from the --out extension, else the terminal table. */
  format?: ReportFormat
  out?: string
  quiet: boolean
  color: boolean
  /** A merged result: the host the others are divided by (default: the first). */
  referenceHost?: string
}

const BY_EXTENSION: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.json': 'json', '.csv': 'csv', '.txt': 'table' }

/** The format asked for, or the one the output file's extension names, or the table. */
export function reportFormat(format: ReportFormat | undefined, out: string | undefined): ReportFormat {
  return format ?? (out ? BY_EXTENSION[extname(out).toLowerCase()] : undefined) ?? 'table'
}

/** Renders the result file; writes --out atomically or prints on stdout. */
export async function reportCommand(options: ReportOptions): Promise<number> {
  const result = await readResultFile(options.file)
  checkReferenceHost(result, options.referenceHost)
  const analysis = analyseRun(result, { referenceHost: options.referenceHost })
  const format = reportFormat(options.format, options.out)
  const text = await renderReport(analysis, format, { color: options.color && !options.out, tablesOf: measureTables })
  if (options.out) {
    await writeReportFile(options.out, text)
    if (!options.quiet) process.stderr.write(`wrote ${options.out} (${format})\n`)
  } else process.stdout.write(text)
  return EXIT.ok
}
