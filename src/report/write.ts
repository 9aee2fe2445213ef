/**
 * The only place that writes results to disk: atomically (write to a fresh temp name, created
 * exclusively so an existing file or symlink there is never followed, then rename).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { IsobenchError } from '../errors.js'
import type { RunAnalysis } from '../analysis/index.js'
import type { RunResult } from '../result.js'
import { trackTempPath, untrackTempPath } from '../temp.js'
import { FORMATS, FORMAT_NAMES, renderReport, type RenderOptions } from './formats.js'
import { renderJson } from './json.js'

/** A file-name-safe UTC timestamp: 20261123T073000Z. */
export function fileStamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
}

/** Writes content to path atomically: a reader never sees half a file, and nothing already at the temp name is trusted. */
async function writeAtomic(path: string, content: string): Promise<void> {
  const temp = `${path}.${randomBytes(8).toString('hex')}.tmp`
  trackTempPath(temp) // removed at exit if an interrupt cuts the write short
  try {
    await writeFile(temp, content, { flag: 'wx' }) // O_CREAT | O_EXCL: fails on a planted file or symlink
    await rename(temp, path)
  } finally {
    untrackTempPath(temp)
  }
}

/** Writes one report file (creating its directory), atomically. */
export async function writeReportFile(path: string, content: string): Promise<void> {
  await explainWriteErrors(path, async () => {
    await mkdir(dirname(path), { recursive: true })
    await writeAtomic(path, content)
  }, 'pass a writable path with --out')
}

/**
 * Writes every file format into dir: `<stamp>-<label>.json` (first: it is the record), `.csv`
 * (summary), `-samples.csv` (raw samples), `.md` and `.html`; returns the paths.
 */
export async function writeResults(analysis: RunAnalysis, dir: string, label: string, options: RenderOptions): Promise<string[]> {
  return explainWriteErrors(dir, () => writeResultFiles(analysis, dir, label, options))
}

/**
 * Writes only the record, `<stamp>-<label>.json`: cheap enough to do after every round of samples
 * (the other formats are rendered from it at the end, or later with `isobench report`).
 */
export async function writeResultRecord(result: RunResult, dir: string, label: string): Promise<string> {
  return explainWriteErrors(dir, async () => {
    await mkdir(dir, { recursive: true })
    const path = `${join(dir, `${fileStamp(result.startedAt)}-${label}`)}.json`
    await writeAtomic(path, renderJson(result))
    return path
  })
}

/** An fs failure while writing results becomes one line for the user (exit 2). */
async function explainWriteErrors<T>(where: string, write: () => Promise<T>, hint = 'pass a writable directory with --out'): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (error instanceof IsobenchError) throw error
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new IsobenchError(`cannot write results into ${where} (${code})`, { hint, cause: error })
  }
}

async function writeResultFiles(analysis: RunAnalysis, dir: string, label: string, options: RenderOptions): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const base = join(dir, `${fileStamp(analysis.result.startedAt)}-${label}`)
  const paths: string[] = []
  for (const format of FORMAT_NAMES) {
    const suffix = FORMATS[format].suffix
    if (suffix === undefined) continue
    const path = `${base}${suffix}`
    await writeAtomic(path, await renderReport(analysis, format, options))
    paths.push(path)
  }
  return paths
}
