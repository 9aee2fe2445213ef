/**
 * The cgroup limits really in force for a child runtime's instances (process, deno, workerd): a
 * probe group is made with the limits the runtime asks for and read back from the kernel. The row
 * records what was read, not what was asked, and says under the table when a limit is missing.
 */
import { readBackLimits, type LimitsInForce } from '../host/cgroup-limits.js'
import type { ChildLimits, RuntimeInfo } from './types.js'

const shown = (value: number | null | undefined): number | string => (value === undefined ? 'absent' : value === null ? 'max' : value)

/** The row's details for what was read back (flat: details hold strings and numbers). Pure. */
export function limitsDetails(inForce: LimitsInForce): RuntimeInfo['details'] {
  if (!inForce.applied) return { cgroup: 'none', cgroupUnavailable: inForce.reason }
  return {
    cgroup: inForce.version,
    cgroupPidsMax: shown(inForce.pidsMax),
    cgroupMemoryMaxBytes: shown(inForce.memoryMaxBytes),
    cgroupSwapMaxBytes: shown(inForce.swapMaxBytes),
    ...(inForce.cpus === undefined ? {} : { cgroupCpus: shown(inForce.cpus) }),
  }
}

/** The kernel keeps memory limits in whole pages: a read-back within a page of the ask is the ask. */
const PAGE = 4096

/** What is missing from the limits asked for, or undefined when the kernel holds them all. Pure. */
export function limitsShortfall(asked: ChildLimits, inForce: LimitsInForce): string | undefined {
  if (!inForce.applied) {
    const what = [asked.pidsMax !== undefined && 'pids', asked.memoryBytes !== undefined && 'memory'].filter(Boolean).join(' and ')
    return what ? `no ${what} limit in force: ${inForce.reason}` : undefined
  }
  const missing: string[] = []
  const memoryFile = inForce.version === 'v1' ? 'memory.limit_in_bytes' : 'memory.max'
  if (asked.pidsMax !== undefined && inForce.pidsMax !== asked.pidsMax) missing.push(`pids.max reads ${shown(inForce.pidsMax)} (asked ${asked.pidsMax})`)
  const memory = inForce.memoryMaxBytes
  if (asked.memoryBytes !== undefined && (typeof memory !== 'number' || Math.abs(memory - asked.memoryBytes) >= PAGE)) {
    missing.push(`${memoryFile} reads ${shown(memory)} (asked ${asked.memoryBytes})`)
  }
  if (asked.cpus && inForce.cpus !== undefined && inForce.cpus !== asked.cpus) missing.push(`cpu.cfs_quota_us reads ${shown(inForce.cpus)} cores (asked ${asked.cpus})`)
  return missing.length > 0 ? `limits not as asked: ${missing.join(', ')}` : undefined
}

/** Reads back what a child of a runtime asking `asked` gets here: the row's details and its shortfall, if any. */
export async function childLimitsInForce(asked: ChildLimits): Promise<{ inForce: LimitsInForce; details: RuntimeInfo['details']; shortfall: string | undefined }> {
  const inForce = await readBackLimits(asked)
  return { inForce, details: limitsDetails(inForce), shortfall: limitsShortfall(asked, inForce) }
}
