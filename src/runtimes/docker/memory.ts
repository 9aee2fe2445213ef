/**
 * What one container costs: its cgroup's usage, the RSS/PSS of its processes and its shim, and the
 * heap node reports. On a remote engine (or a local one whose containers' processes this harness
 * cannot see, as from inside a container with the socket mounted) the cgroup view comes from the
 * Engine API's container stats (the same usage figure) and there is no process view.
 */
import { readFile } from 'node:fs/promises'
import type Docker from 'dockerode'
import { cgroupVersion } from '../../environment.js'
import { readCgroupMemoryBytes } from '../../host/cgroup-read.js'
import { parentPid, processTree, sumProcessMemory } from '../../host/proc.js'
import { bootstrapUsage, type LineChannel } from '../bootstrap/channel.js'
import type { MemoryReading } from '../types.js'

/** The containerd-shim serving this container (the parent of its init), if it is one: its command line names the container id. */
async function shimOf(pid: number, containerId: string): Promise<number | undefined> {
  const parent = await parentPid(pid)
  if (!parent) return undefined
  try {
    const cmdline = await readFile(`/proc/${parent}/cmdline`, 'utf8')
    return cmdline.includes('containerd-shim') && cmdline.includes(containerId) ? parent : undefined
  } catch {
    return undefined
  }
}

/** The container's cgroup memory usage as the Engine API's one-shot stats report it (`memory_stats.usage`). */
async function engineCgroupBytes(container: Docker.Container): Promise<number | undefined> {
  const stats = (await container.stats({ stream: false, 'one-shot': true } as { stream: false })) as { memory_stats?: { usage?: number } }
  return stats.memory_stats?.usage
}

/** Whether the container's init is a process of this machine that we can see (its /proc/<pid>/cgroup names the container). */
async function isVisible(pid: number, containerId: string): Promise<boolean> {
  if (!pid) return false
  return readFile(`/proc/${pid}/cgroup`, 'utf8').then((text) => text.includes(containerId), () => false)
}

/** A memory() for one container: its init's pid (and whether we see it) is asked once, on first use. */
export function containerMemory(container: Docker.Container, channel: LineChannel, timeoutMs: number, isLocalEngine: boolean): () => Promise<MemoryReading> {
  let pid: number | undefined
  let visible: boolean | undefined
  return async () => {
    pid ??= ((await container.inspect()).State as { Pid: number }).Pid
    visible ??= isLocalEngine && (await isVisible(pid, container.id))
    if (!visible) {
      const [cgroupBytes, usage] = await Promise.all([engineCgroupBytes(container), bootstrapUsage(channel, timeoutMs)])
      return { cgroupBytes, heapBytes: usage.heapUsed, externalBytes: usage.external }
    }
    const [cgroupBytes, usage, shim] = await Promise.all([
      readCgroupMemoryBytes(pid, cgroupVersion()),
      bootstrapUsage(channel, timeoutMs),
      shimOf(pid, container.id),
    ])
    // Process view: the shim exists for this container alone, so the instance owns its whole
    // tree: runc/crun: shim → init → node; runsc: shim → gofer and sandbox (siblings of each other).
    const [summed, shimMemory] = await Promise.all([
      processTree(shim ?? pid).then(sumProcessMemory),
      shim ? sumProcessMemory([shim]) : undefined,
    ])
    return {
      rssBytes: summed.rssBytes,
      pssBytes: summed.pssBytes,
      cgroupBytes,
      heapBytes: usage.heapUsed,
      externalBytes: usage.external,
      shimRssBytes: shimMemory?.rssBytes,
      shimPssBytes: shimMemory?.pssBytes,
    }
  }
}
