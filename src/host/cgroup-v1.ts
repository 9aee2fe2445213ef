/**
 * The cgroup v1 layout of the per-child cgroups: a directory in the pids hierarchy, one in the
 * memory hierarchy and one in the cpu hierarchy (where mounted), each under the harness's own
 * cgroup there, so every limit above still applies; or, inside a budget group (cgroup-budget.ts),
 * under that group at the hierarchy's root. Reference: kernel
 * Documentation/admin-guide/cgroup-v1/pids.rst, memory.rst (limit_in_bytes, memsw.limit_in_bytes,
 * oom_control) and scheduler/sched-bwc.rst (cpu.cfs_quota_us, cpu.cfs_period_us).
 */
import { writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CgroupLayout, CgroupLimits, LimitsReadBack } from './cgroup-limits.js'
import { readLimit } from './cgroup-v2.js'

/** The CFS period a CPU quota is written against (the kernel's default, 100 ms). */
const CFS_PERIOD_US = 100_000

/** The harness's path in a v1 hierarchy (`/` or deeper) from a /proc/self/cgroup text. */
export function v1OwnPath(procSelfCgroup: string, controller: string): string | undefined {
  for (const line of procSelfCgroup.split('\n')) {
    const [, controllers, path] = line.split(':')
    if (controllers?.split(',').includes(controller)) return path
  }
  return undefined
}

/** The CPU quota of a v1 cpu group in cores: null for none (quota -1), undefined when unreadable. */
async function readCpus(cpuDir: string): Promise<number | null | undefined> {
  const quota = Number((await readFile(join(cpuDir, 'cpu.cfs_quota_us'), 'utf8').catch(() => '')).trim() || Number.NaN)
  const period = Number((await readFile(join(cpuDir, 'cpu.cfs_period_us'), 'utf8').catch(() => '')).trim() || Number.NaN)
  if (!Number.isFinite(quota) || !Number.isFinite(period)) return undefined
  return quota < 0 ? null : quota / period
}

/** The v1 layout under `root` (the tmpfs holding one mount per controller), or undefined without pids and memory hierarchies. */
export function v1Layout(procSelfCgroup: string, root = '/sys/fs/cgroup'): CgroupLayout | undefined {
  const pidsPath = v1OwnPath(procSelfCgroup, 'pids')
  const memoryPath = v1OwnPath(procSelfCgroup, 'memory')
  if (pidsPath === undefined || memoryPath === undefined) return undefined
  const cpuPath = v1OwnPath(procSelfCgroup, 'cpu')
  const controllers = cpuPath === undefined ? ['pids', 'memory'] : ['pids', 'memory', 'cpu']
  const parents = [join(root, 'pids', pidsPath), join(root, 'memory', memoryPath), ...(cpuPath === undefined ? [] : [join(root, 'cpu', cpuPath)])]
  return {
    version: 'v1',
    parents: () => parents,
    ensure: () => {},
    groupDirs: (name, budget) => (budget ? controllers.map((controller) => join(root, controller, budget, name)) : parents.map((parent) => join(parent, name))),
    writeLimits([pidsDir, memoryDir, cpuDir], limits: CgroupLimits) {
      if (limits.pidsMax !== undefined) writeFileSync(join(pidsDir!, 'pids.max'), String(limits.pidsMax))
      if (limits.cpus && cpuDir) {
        writeFileSync(join(cpuDir, 'cpu.cfs_period_us'), String(CFS_PERIOD_US))
        writeFileSync(join(cpuDir, 'cpu.cfs_quota_us'), String(Math.max(1000, Math.round(limits.cpus * CFS_PERIOD_US))))
      }
      if (limits.memoryBytes === undefined) return
      writeFileSync(join(memoryDir!, 'memory.limit_in_bytes'), String(limits.memoryBytes))
      // As for the container (Memory == MemorySwap): no swap beyond the limit, where swap is accounted.
      try {
        writeFileSync(join(memoryDir!, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes))
      } catch {
        // no swap accounting on this kernel
      }
    },
    async readLimits([pidsDir, memoryDir, cpuDir]): Promise<LimitsReadBack> {
      const memoryMax = await readLimit(join(memoryDir!, 'memory.limit_in_bytes'))
      const memsw = await readLimit(join(memoryDir!, 'memory.memsw.limit_in_bytes'))
      return {
        version: 'v1',
        pidsMax: await readLimit(join(pidsDir!, 'pids.max')),
        cpus: cpuDir ? await readCpus(cpuDir) : undefined,
        memoryMaxBytes: memoryMax,
        // memsw bounds memory + swap: the swap allowed beyond the memory limit is the difference.
        swapMaxBytes: memsw === undefined ? undefined : memsw === null || memoryMax == null ? null : memsw - memoryMax,
      }
    },
    async oomKills([, memoryDir]) {
      const text = await readFile(join(memoryDir!, 'memory.oom_control'), 'utf8').catch(() => '')
      return Number(/^oom_kill (\d+)/m.exec(text)?.[1] ?? 0)
    },
  }
}
