/**
 * The hardened start of any child process (bootstrap children, workerd): a cgroup of its own with
 * the instance's pids and memory limits, like a container's (cgroup-limits.ts), the wait for the
 * OS to report it started, and how to end everything it forked.
 */
import type { ChildProcess } from 'node:child_process'
import { cpus } from 'node:os'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createChildCgroup, type CgroupLimits, type ChildCgroup } from './cgroup-limits.js'
import type { ChildUser } from './user.js'
import { processTree, sigkill } from './proc.js'
import { withTimeout } from './timeout.js'

/**
 * Pids headroom for a runtime whose own thread pools grow with the cores (deno, workerd), so that
 * the workload's pids limit means the same as for node.
 */
export function runtimeThreadsHeadroom(cpuCount = cpus().length): number {
  return 2 * cpuCount
}

/** SIGKILLs a process and its descendants (where no cgroup holds them). */
async function killTree(pid: number): Promise<void> {
  for (const member of (await processTree(pid)).reverse()) sigkill(member)
}

/** Numbers every child's cgroup across all runtimes of this harness (a `process+pool` row wraps a second process runtime). */
let childSerial = 0

/** What to spawn: the file, its arguments, and the user to spawn it as (undefined: the harness's). */
export interface ChildCommand {
  file: string
  args: string[]
  user: ChildUser | undefined
}

/** setpriv (util-linux), which drops to the child's user after the shell joined the cgroup as root. */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path))

/**
 * The shell that joins the cgroup before the command starts: `sh -c SCRIPT isobench-enter <procs files,
 * ':'-separated> <command...>`. It writes its own pid to each cgroup.procs, then execs the command
 * (the same pid), so the command's first instruction already runs inside its limits.
 */
const ENTER_SCRIPT = 'IFS=:; for f in $1; do echo $$ > "$f" || exit 125; done; shift; unset PWD OLDPWD; exec "$@"'

/**
 * The shell: dash where there is one (Debian's /bin/sh), which adds nothing to the environment once
 * PWD is unset; another /bin/sh (bash) exports SHLVL and `_`, which env removes before the command.
 */
const SHELL = existsSync('/bin/dash') ? { file: '/bin/dash', prefix: [] } : { file: '/bin/sh', prefix: ['/usr/bin/env', '-u', 'SHLVL', '-u', '_'] }

/**
 * The command wrapped so that it starts inside `cgroup`: node (and V8 in deno and workerd) reads the
 * memory limit it starts under (libuv's constrained memory) and sizes its heap by it, so a child
 * moved in after it started would run with a heap sized for the whole host. As root with a child
 * user, the shell joins as root and setpriv drops to the user before the exec (a process of another
 * user may not move itself on cgroup v2). Unwrapped where there is no cgroup, or no setpriv for the
 * user (then hold() after the spawn moves it, and `entersBefore` is false).
 */
export function enterFirst(command: ChildCommand, cgroup: Pick<ChildCgroup, 'dirs'> | undefined, setpriv = SETPRIV): ChildCommand & { entersBefore: boolean } {
  if (!cgroup || (command.user && !setpriv)) return { ...command, entersBefore: false }
  const drop = command.user ? [setpriv!, `--reuid=${command.user.uid}`, `--regid=${command.user.gid}`, '--clear-groups', '--'] : []
  const procs = cgroup.dirs.map((dir) => join(dir, 'cgroup.procs')).join(':')
  return { file: SHELL.file, args: ['-c', ENTER_SCRIPT, 'isobench-enter', procs, ...SHELL.prefix, ...drop, command.file, ...command.args], user: undefined, entersBefore: true }
}

/** One child's sandbox: its cgroup (where cgroups can be made here) and how to end its whole tree. */
export interface ChildSandbox {
  /** The command wrapped so that it starts inside the cgroup (enterFirst). */
  command(command: ChildCommand): ChildCommand
  /** Moves the spawned child into the cgroup (its later children follow); a no-op for a command that entered first. */
  hold(pid: number): Promise<void>
  /** SIGKILLs the child and everything it forked. */
  killAll(pid: number | undefined): Promise<void>
  /** Removes the cgroup once the child was reaped; never rejects. */
  release(): Promise<void>
  /** `, out of memory: …` when the kernel killed the group for its memory limit, else ''. */
  oomNote(): Promise<string>
}

/** Ends a spawned child in its sandbox: its whole tree killed (by its cgroup where it has one), the child reaped, the cgroup removed. */
export async function endChild(sandbox: ChildSandbox, child: Pick<ChildProcess, 'pid' | 'kill'>, exited: Promise<unknown>): Promise<void> {
  await sandbox.killAll(child.pid)
  child.kill('SIGKILL')
  await exited
  await sandbox.release()
}

/** Resolves with the child's pid once the OS started it (rejects with why it could not, or at the timeout). */
export async function spawned(child: Pick<ChildProcess, 'once' | 'pid'>, timeoutMs: number, what: string): Promise<number> {
  await withTimeout(new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', reject)
  }), timeoutMs, `${what} did not spawn (timeout)`)
  return child.pid!
}

/** Creates the sandbox of one child of run `runId`, before it is spawned (part of what a hardened start costs). */
export async function childSandbox(runId: string, limits: CgroupLimits): Promise<ChildSandbox> {
  const cgroup = await createChildCgroup(`isobench-${runId}-${++childSerial}`, limits)
  let entered = false
  return {
    command(command) {
      const wrapped = enterFirst(command, cgroup)
      entered = wrapped.entersBefore
      return wrapped
    },
    hold: async (pid) => {
      if (!entered) await cgroup?.add(pid)
    },
    async killAll(pid) {
      if (cgroup) await cgroup.kill()
      else if (pid !== undefined) await killTree(pid)
    },
    release: async () => cgroup?.remove(),
    // In a budget group (limits.parent) the kill may be the budget's: the kernel counts it in the child's group either way.
    oomNote: async () => ((await cgroup?.oomKills()) ? `, out of memory: the cgroup memory limit${limits.parent ? " or its budget group's" : ''}` : ''),
  }
}
