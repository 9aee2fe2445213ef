/** The only place that writes results to disk: atomically (write to a temp name, then rename). */
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { RunResult } from '../result.js'
import { FORMATS, FORMAT_NAMES, renderReport } from './formats.js'

/** A file-name-safe UTC timestamp: 20261123T073000Z. */
export function fileStamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
}

/** Writes content to path atomically: a reader never sees half a file. */
async function writeAtomic(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, content)
  await rename(temp, path)
}

/** Writes one report file (creating its directory), atomically. */
export async function writeReportFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeAtomic(path, content)
}

/**
 * Writes every file format into dir: `<stamp>-<label>.json` (first: it is the record), `.csv`
 * (summary), `-samples.csv` (raw samples), `.md` and `.html`; returns the paths.
 */
export async function writeResults(result: RunResult, dir: string, label: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const base = join(dir, `${fileStamp(result.startedAt)}-${label}`)
  const paths: string[] = []
  for (const format of FORMAT_NAMES) {
    const suffix = FORMATS[format].suffix
    if (suffix === undefined) continue
    const path = `${base}${suffix}`
    await writeAtomic(path, await renderReport(result, format))
    paths.push(path)
  }
  return paths
}
