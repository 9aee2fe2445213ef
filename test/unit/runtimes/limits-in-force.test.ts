import { describe, expect, it } from 'vitest'
import { limitsDetails, limitsShortfall } from '../../../src/runtimes/limits-in-force.js'

const asked = { pidsMax: 64, memoryBytes: 201_326_592 }

describe('limits in force: what the row records and says', () => {
  it('records what was read back, and says nothing when it is what was asked', () => {
    const inForce = { applied: true, version: 'v2', pidsMax: 64, memoryMaxBytes: 201_326_592, swapMaxBytes: 0 } as const
    expect(limitsDetails(inForce)).toEqual({ cgroup: 'v2', cgroupPidsMax: 64, cgroupMemoryMaxBytes: 201_326_592, cgroupSwapMaxBytes: 0 })
    expect(limitsShortfall(asked, inForce)).toBeUndefined()
  })

  it('names each limit the kernel does not hold', () => {
    const inForce = { applied: true, version: 'v2', pidsMax: null, memoryMaxBytes: undefined, swapMaxBytes: undefined } as const
    expect(limitsDetails(inForce)).toEqual({ cgroup: 'v2', cgroupPidsMax: 'max', cgroupMemoryMaxBytes: 'absent', cgroupSwapMaxBytes: 'absent' })
    expect(limitsShortfall(asked, inForce)).toBe('limits not as asked: pids.max reads max (asked 64), memory.max reads absent (asked 201326592)')
    // within a page: the kernel's rounding, not a missing limit
    expect(limitsShortfall(asked, { ...inForce, pidsMax: 64, memoryMaxBytes: 201_326_592 - 4095 })).toBeUndefined()
  })

  it('records a v1 CPU quota and names one the kernel does not hold', () => {
    const inForce = { applied: true, version: 'v1', pidsMax: 64, memoryMaxBytes: 201_326_592, swapMaxBytes: 0, cpus: null } as const
    expect(limitsDetails(inForce)).toMatchObject({ cgroup: 'v1', cgroupCpus: 'max' })
    expect(limitsShortfall({ ...asked, cpus: 0.5 }, inForce)).toBe('limits not as asked: cpu.cfs_quota_us reads max cores (asked 0.5)')
    expect(limitsShortfall({ ...asked, cpus: 0.5 }, { ...inForce, cpus: 0.5 })).toBeUndefined()
  })

  it('says which limits are missing when no group can be made, and nothing when both were relaxed', () => {
    const none = { applied: false, reason: 'cannot create cgroup v1 groups (EACCES; needs root or a delegated cgroup)' } as const
    expect(limitsDetails(none)).toEqual({ cgroup: 'none', cgroupUnavailable: none.reason })
    expect(limitsShortfall(asked, none)).toBe(`no pids and memory limit in force: ${none.reason}`)
    expect(limitsShortfall({ pidsMax: 64, memoryBytes: undefined }, none)).toBe(`no pids limit in force: ${none.reason}`)
    expect(limitsShortfall({ pidsMax: undefined, memoryBytes: undefined }, none)).toBeUndefined()
  })
})
