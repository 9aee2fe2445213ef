/** Drives the built CLI (bin/isobench.js) as a child process, as a user or a CI script would. */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { onTestFinished } from 'vitest'
import { cgroup2Mount, cgroup2OwnPath } from '../../src/host/cgroup-v2.js'
import { isAlive } from '../../src/host/proc.js'
import { ROOT } from '../helpers.js'

export const BIN = resolve(ROOT, 'bin/isobench.js')

/** A finished CLI run. */
export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** A running CLI: its output so far, a way to wait for a line, and its end. */
export interface LiveCli {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves when stderr matches (rejects if the CLI ends first or after timeoutMs). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>
  done: Promise<CliResult>
}

/** Starts the CLI with args; env adds to (or, with `undefined` values, removes from) this env. */
export function startCli(args: string[], env: Record<string, string | undefined> = {}): LiveCli {
  const child = spawn(process.execPath, ['--no-node-snapshot', BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const watchers = new Set<() => void>()
  child.stdout!.on('data', (chunk) => (out += chunk))
  child.stderr!.on('data', (chunk) => {
    err += chunk
    for (const watch of watchers) watch()
  })
  const done = new Promise<CliResult>((resolveDone) =>
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout: out, stderr: err })),
  )
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForStderr(pattern, timeoutMs = 60_000) {
      return new Promise<void>((resolveWait, reject) => {
        const timer = setTimeout(() => finish(new Error(`stderr never matched ${pattern} within ${timeoutMs} ms:\n${err}`)), timeoutMs)
        const finish = (error?: Error) => {
          clearTimeout(timer)
          watchers.delete(check)
          if (error) reject(error)
          else resolveWait()
        }
        const check = () => {
          if (pattern.test(err)) finish()
        }
        watchers.add(check)
        void done.then(() => finish(pattern.test(err) ? undefined : new Error(`the CLI ended before stderr matched ${pattern}:\n${err}`)))
        check()
      })
    },
    done,
  }
}

/** Runs the CLI to the end. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return startCli(args, env).done
}

/** A unique run id for a test, so leftovers are checked by this run's label only. */
export function testRunId(prefix = 'test'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`
}

/**
 * A scenario in a fresh temp dir whose workload file has a unique path (a copy of `workload`),
 * so the processes of this run can be found by their command line afterwards. Call it inside a
 * test: the dir is removed when the test finishes.
 */
export function tempScenario(fields: Record<string, unknown>, workload = 'scenarios/workloads/hello.js'): { dir: string; file: string; workloadPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'isobench-test-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true })) // nothing left behind, tests included
  const workloadPath = join(dir, `workload-${randomBytes(4).toString('hex')}.js`)
  copyFileSync(resolve(ROOT, workload), workloadPath)
  const file = join(dir, 'scenario.json')
  writeFileSync(file, JSON.stringify({ name: 'test', measure: 'cold-start', workload: workloadPath, ...fields }))
  return { dir, file, workloadPath }
}

/** Pids of live processes whose command line mentions `needle` (the unique workload path). */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle)) pids.push(Number(name))
    } catch {
      // gone
    }
  }
  return pids
}

/** The result files (parsed JSON) written into dir. */
export function resultsIn(dir: string): Array<Record<string, any>> {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && file !== 'scenario.json')
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')))
}

/** Files in dir whose name ends in .tmp (a write that was never renamed). */
export function tempFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((file) => file.endsWith('.tmp'))
}

/**
 * cgroup directories named for a run (`isobench-<runId>-*`) under this process's pids and memory
 * cgroups (v1), and on v2 in the isobench subtrees beside its cgroup, with any subtree a finished harness left.
 */
export function cgroupsOf(runId: string): string[] {
  const found: string[] = []
  const mount = cgroup2Mount(readFileSync('/proc/self/mounts', 'utf8'))
  const own = cgroup2OwnPath(readFileSync('/proc/self/cgroup', 'utf8'))
  if (mount && own) {
    const parent = own === '/' ? mount : join(mount, dirname(own))
    for (const subtree of readdirSafe(parent).filter((name) => /^isobench-h\d+$/.test(name))) {
      const pid = Number(subtree.slice('isobench-h'.length))
      if (pid !== process.pid && !isAlive(pid)) found.push(join(parent, subtree))
      for (const name of readdirSafe(join(parent, subtree))) if (name.startsWith(`isobench-${runId}-`)) found.push(join(parent, subtree, name))
    }
  }
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, path] = line.split(':')
    for (const controller of ['pids', 'memory']) {
      if (!controllers?.split(',').includes(controller)) continue
      const parent = join('/sys/fs/cgroup', controller, path ?? '/')
      try {
        for (const name of readdirSync(parent)) if (name.startsWith(`isobench-${runId}-`)) found.push(join(parent, name))
      } catch {
        // no such hierarchy here
      }
    }
  }
  return found
}

export const readdirSafe = (dir: string): string[] => {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

