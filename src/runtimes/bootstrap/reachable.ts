/**
 * The bootstraps where the child's user can read them. As root the harness starts children as
 * nobody, who may not reach isobench's own files (a project under /root, a 0700 temp dir): the
 * bootstrap modules are then copied, once per run, into a directory of the run that root owns
 * (mode 0755, files 0444: the workload, running as nobody, cannot rewrite them for the next instance).
 */
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { ownedRunDir, type ChildUser } from '../../host/user.js'
import { BOOTSTRAP_PATH, BOOTSTRAP_PROTOCOL_PATH } from './paths.js'

/** src/runtimes (dist/runtimes when built): every bootstrap file sits below it, its imports relative. */
const RUNTIMES_DIR = dirname(dirname(BOOTSTRAP_PATH))
const DENO_BOOTSTRAP = join(RUNTIMES_DIR, 'deno', 'bootstrap.mjs')
const FILES = [BOOTSTRAP_PATH, BOOTSTRAP_PROTOCOL_PATH, DENO_BOOTSTRAP]

const copied = new Set<string>()

function copyBootstraps(runId: string): string {
  const root = ownedRunDir(runId, 'bootstrap', undefined)
  if (copied.has(root)) return root
  chmodSync(root, 0o755)
  for (const file of FILES) {
    const target = join(root, relative(RUNTIMES_DIR, file))
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 })
    copyFileSync(file, target)
    chmodSync(target, 0o444)
  }
  copied.add(root)
  return root
}

/** `args` with each bootstrap path replaced by its copy when the child runs as another user; else unchanged. */
export function reachableArgs(args: readonly string[], runId: string, user: ChildUser | undefined): string[] {
  if (!user || !args.some((arg) => FILES.includes(arg))) return [...args]
  const root = copyBootstraps(runId)
  return args.map((arg) => (FILES.includes(arg) ? join(root, relative(RUNTIMES_DIR, arg)) : arg))
}
