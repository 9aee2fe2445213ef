/** What one container costs: its cgroup's usage, the RSS/PSS of its processes and its shim, and the heap node reports. */
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

/** A memory() for one container: its init's pid is asked of the daemon once, on first use. */
export function containerMemory(container: Docker.Container, channel: LineChannel, timeoutMs: number): () => Promise<MemoryReading> {
  let pid: number | undefined
  return async () => {
    pid ??= ((await container.inspect()).State as { Pid: number }).Pid
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
