/** Temporary files and directories isobench makes: removed when done, and at exit even after an interrupt. */
import { mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const live = new Set<string>()
let hooked = false

/**
 * Makes a fresh directory under the system temp dir, removed at exit if still there. Synchronous:
 * an exit can never fall between its creation (in the thread pool) and its tracking.
 */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  trackTempPath(dir)
  return dir
}

/** Registers a temp file or directory for removal at exit (until untracked). */
export function trackTempPath(path: string): void {
  if (!hooked) {
    hooked = true
    process.once('exit', removeTempDirsSync)
  }
  live.add(path)
}

/** The path was removed or renamed into place: nothing to do at exit. */
export function untrackTempPath(path: string): void {
  live.delete(path)
}

/** Removes a directory made by makeTempDir (never rejects). */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(() => {})
  live.delete(dir)
}

/** Removes every tracked path still there, synchronously (for exit paths). */
export function removeTempDirsSync(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // best effort on the way out
    }
  }
  live.clear()
}
