/**
 * The unprivileged user children run as when the harness is root (nobody, 65534:65534), and the
 * directories such a child may own: one per run and name (a process child's working directory,
 * Deno's DENO_DIR), made fresh with mkdtemp (never one that already existed), given to that user,
 * mode 0700, and removed by removeOwnedRunDirs(runId) or at exit (temp.ts).
 */
import { chownSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeTempDir, removeTempDir } from '../temp.js'

/** A uid and gid to start a child as. */
export interface ChildUser {
  uid: number
  gid: number
}

/** nobody:nogroup, which owns no file of the harness's. */
export const NOBODY: Readonly<ChildUser> = Object.freeze({ uid: 65534, gid: 65534 })

/** Why a child running as `user` could not be started from `file` (a spawn EACCES as root), and the fix. */
export function refusedToUser(user: ChildUser, file: string): { reason: string; fix: string } {
  return {
    reason: `children run as ${user.uid}:${user.gid} (the harness is root), who cannot run ${file} (EACCES: a directory on its path or the file is closed to other users)`,
    fix: 'put node where every user can run it (not under a 0700 directory such as /root), or pass --relax user',
  }
}

/** Whether a spawn failed for want of permission. */
export function isAccessError(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EACCES'
}

/** Whether this process runs as root (only root can start a child as another user). */
export function isRoot(): boolean {
  return process.getuid?.() === 0
}

const dirs = new Map<string, string>()

/** What starts the name of every dir ownedRunDir makes, so a later `clean --run` finds them without this process's map. */
const OWNED_PREFIX = 'isobench-owned-'

/** The run's directory called `name`, owned by `user` (or by the harness without one); made on first use. */
export function ownedRunDir(runId: string, name: string, user: ChildUser | undefined): string {
  const key = `${runId}\0${name}\0${user?.uid ?? 'self'}`
  let dir = dirs.get(key)
  if (dir === undefined) {
    dir = makeTempDir(`${OWNED_PREFIX}${name}-${runId}-`)
    if (user) chownSync(dir, user.uid, user.gid)
    dirs.set(key, dir)
  }
  return dir
}


/**
 * Removes every directory ownedRunDir made for a run (never rejects): those this process made, and
 * those a killed run left in the temp dir (`isobench clean --run` is another process).
 */
export async function removeOwnedRunDirs(runId: string): Promise<void> {
  for (const [key, dir] of [...dirs]) {
    if (!key.startsWith(`${runId}\0`)) continue
    dirs.delete(key)
    await removeTempDir(dir)
  }
  let entries: string[] = []
  try {
    entries = readdirSync(tmpdir())
  } catch {
    return
  }
  for (const entry of entries) if (entry.startsWith(OWNED_PREFIX) && entry.includes(`-${runId}-`)) await removeTempDir(join(tmpdir(), entry))
}
