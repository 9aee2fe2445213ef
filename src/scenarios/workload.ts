/** Reads a scenario's workload file from disk (the source runs unchanged in every runtime). */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type { Workload } from '../runtimes/types.js'

/** A workload read from disk, with the hash of its bytes (recorded in the result). */
export interface LoadedWorkload extends Workload {
  sha256: string
}

/** Reads a workload file; its name is the file name without extension. */
export async function loadWorkload(path: string): Promise<LoadedWorkload> {
  const source = await readFile(path, 'utf8')
  return { name: basename(path, extname(path)), path, source, sha256: createHash('sha256').update(source).digest('hex') }
}
