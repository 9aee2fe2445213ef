/**
 * `isobench merge A.json B.json … [--out DIR]`: results from many hosts (or runs) as one result that
 * keeps each host's environment; written like a run's (JSON, CSV, Markdown, HTML) and shown as a
 * runtime × host table per scenario. `NAME=file` names a host (default: its recorded hostname).
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { analyseRun } from '../analysis/index.js'
import { EXIT, UsageError } from '../errors.js'
import { measureTables } from '../measure/kinds/index.js'
import { renderJson } from '../report/json.js'
import { renderTerminal } from '../report/terminal.js'
import { fileStamp, writeResults } from '../report/write.js'
import { readResultFile } from '../result-file.js'
import { hostsOf, mergeResults, type MergeInput } from '../result-merge.js'
import type { RunResult } from '../result.js'

export interface MergeOptions {
  files: string[]
  out: string
  referenceHost?: string
  json: boolean
  quiet: boolean
  color: boolean
}

/** `NAME=path` (a host label) or a path; a path that exists as given wins over the split. */
export function parseMergeArgument(argument: string, exists: (path: string) => boolean = existsSync): { file: string; label?: string } {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)=(.+)$/.exec(argument)
  if (!match || exists(argument)) return { file: argument }
  return { label: match[1]!, file: match[2]! }
}

/** Throws unless the reference host is one of the result's hosts. */
export function checkReferenceHost(result: RunResult, referenceHost: string | undefined): void {
  const hosts = hostsOf(result)
  if (referenceHost === undefined) return
  if (hosts.length === 0) throw new UsageError(`--reference-host ${referenceHost}: this result is not merged (it has no hosts)`, 'isobench merge a.json b.json makes a result with hosts')
  if (!hosts.includes(referenceHost)) throw new UsageError(`--reference-host ${referenceHost} is not a host of this result`, `its hosts: ${hosts.join(', ')}`)
}

export async function mergeCommand(options: MergeOptions): Promise<number> {
  const inputs: MergeInput[] = []
  for (const argument of options.files) {
    const { file, label } = parseMergeArgument(argument)
    inputs.push({ file, label, result: await readResultFile(file) })
  }
  const merged = mergeResults(inputs, { runId: `merged-${fileStamp(new Date().toISOString())}-${randomBytes(3).toString('hex')}` })
  checkReferenceHost(merged, options.referenceHost)
  const analysis = analyseRun(merged, { referenceHost: options.referenceHost })
  const files = await writeResults(analysis, options.out, 'merged', { tablesOf: measureTables })
  process.stdout.write(options.json ? renderJson(analysis.result) : renderTerminal(analysis, { color: options.color, tablesOf: measureTables }))
  if (!options.quiet) process.stderr.write(`merged ${inputs.length} results (${hostsOf(merged).join(', ')}): ${files.join(', ')}\n`)
  return EXIT.ok
}
