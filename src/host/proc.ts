/** /proc readers: a process's memory (RSS, PSS), its threads' CPU time, its tree and parent, the children a run left (by their argv marker), and SIGKILL. */
import { readdirSync, readFileSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'

/** RSS and PSS of one process from /proc/<pid>/smaps_rollup, in bytes; undefined once it is gone. */
export async function readProcessMemory(pid: number): Promise<{ rssBytes: number; pssBytes: number } | undefined> {
  let text: string
  try {
    text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8')
  } catch {
    return undefined
  }
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)
    return match ? Number(match[1]) * 1024 : 0
  }
  return { rssBytes: kb('Rss'), pssBytes: kb('Pss') }
}

/** Nanoseconds a thread has run on a CPU: the first field of /proc/<pid>/task/<tid>/schedstat; undefined if it is not one. */
export function schedstatNs(text: string): number | undefined {
  const field = text.trim().split(/\s+/)[0]
  return field && /^\d+$/.test(field) ? Number(field) : undefined
}

/**
 * CPU time (ns, by thread id) of each live thread of a process, from its schedstat files (nanosecond
 * resolution, where /proc/<pid>/stat counts 10 ms ticks); undefined once the process is gone. Read
 * synchronously: a few µs a thread, where an async read takes ~1.5 ms through libuv's pool and would
 * stretch the request it brackets. A thread that ended between the listing and its read is left out;
 * none readable (a kernel without schedstat files) is undefined too, never a CPU time of 0.
 */
export function readThreadCpuNs(pid: number): Map<number, number> | undefined {
  let tids: string[]
  try {
    tids = readdirSync(`/proc/${pid}/task`)
  } catch {
    return undefined
  }
  const threads = new Map<number, number>()
  for (const tid of tids) {
    try {
      const ns = schedstatNs(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8'))
      if (ns !== undefined) threads.set(Number(tid), ns)
    } catch {
      // the thread ended after the listing
    }
  }
  return threads.size > 0 ? threads : undefined
}

/**
 * The CPU time (ms) a process's threads used between two readThreadCpuNs readings, thread by thread:
 * a thread born in between counts whole; one that ended in between is missing from `after`, and its
 * share is lost (a lower bound, never the negative a difference of sums would give).
 */
export function threadCpuDeltaMs(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let ns = 0
  for (const [tid, used] of after) ns += Math.max(0, used - (before.get(tid) ?? 0))
  return ns / 1e6
}

/** The pid and every live descendant of it (scans /proc once). */
export async function processTree(rootPid: number): Promise<number[]> {
  const children = new Map<number, number[]>()
  let entries: string[] = []
  try {
    entries = await readdir('/proc')
  } catch {
    return [rootPid]
  }
  await Promise.all(
    entries.filter((name) => /^\d+$/.test(name)).map(async (name) => {
      try {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8')
        // The command name may hold spaces and parentheses: the ppid is the 2nd field after the last ')'.
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        const list = children.get(ppid) ?? []
        list.push(Number(name))
        children.set(ppid, list)
      } catch {
        // gone between readdir and read
      }
    }),
  )
  const tree: number[] = []
  const queue = [rootPid]
  while (queue.length > 0) {
    const pid = queue.shift()!
    tree.push(pid)
    queue.push(...(children.get(pid) ?? []))
  }
  return tree
}

/** RSS and PSS summed over a set of processes (those that still exist). */
export async function sumProcessMemory(pids: number[]): Promise<{ rssBytes: number; pssBytes: number }> {
  const readings = await Promise.all(pids.map(readProcessMemory))
  let rssBytes = 0
  let pssBytes = 0
  for (const reading of readings) {
    rssBytes += reading?.rssBytes ?? 0
    pssBytes += reading?.pssBytes ?? 0
  }
  return { rssBytes, pssBytes }
}

/** The parent pid of a process, or undefined. */
export async function parentPid(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** The argv word that marks a child process as belonging to a run (`isobench-run=<runId>`). */
export function runMarker(runId: string): string {
  return `isobench-run=${runId}`
}

/** Pids of live processes whose command line carries the run's marker, as an argument or a path's folder (any run's when no id). */
export async function findRunProcesses(runId?: string): Promise<number[]> {
  const wanted = runId ? runMarker(runId) : runMarker('')
  let entries: string[] = []
  try {
    entries = await readdir('/proc')
  } catch {
    return []
  }
  const found = await Promise.all(
    entries.filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid).map(async (name) => {
      try {
        const args = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0')
        // A word of an argument counts too (a qemu guest carries the marker on its kernel command line), and so does a folder of a path (workerd's run dir).
        const parts = args.flatMap((arg) => [arg, ...arg.split(' '), ...arg.split('/')])
        return parts.some((part) => (runId ? part === wanted : part.startsWith(wanted))) ? Number(name) : undefined
      } catch {
        return undefined
      }
    }),
  )
  return found.filter((pid): pid is number => pid !== undefined)
}

/** SIGKILLs a process; one that is already gone is not an error. */
export function sigkill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // gone
  }
}

/** Whether a process exists (signal 0; EPERM: it exists, owned by another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
