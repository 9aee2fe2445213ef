/** The only place that writes results to disk: atomically (write to a temp name, then rename). */
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RunResult } from '../result.js'
import { renderSummaryCsv } from './csv.js'
import { renderJson } from './json.js'

/** A file-name-safe UTC timestamp: 20261123T073000Z. */
export function fileStamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
}

async function writeAtomic(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, content)
  await rename(temp, path)
}

/** Writes `<stamp>-<label>.json` and `.csv` into dir; returns the paths. */
export async function writeResults(result: RunResult, dir: string, label: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const base = join(dir, `${fileStamp(result.startedAt)}-${label}`)
  const files: Array<[string, string]> = [
    [`${base}.json`, renderJson(result)],
    [`${base}.csv`, renderSummaryCsv(result)],
  ]
  for (const [path, content] of files) await writeAtomic(path, content)
  return files.map(([path]) => path)
}
