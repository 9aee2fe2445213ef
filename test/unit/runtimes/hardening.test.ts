import { describe, expect, it } from 'vitest'
import { hardeningInForce, instanceMemoryBytes, isolateMemoryLimitMb, snapshotBuildHeapCapMb, workloadEnv, workloadNodeFlags } from '../../../src/runtimes/hardening.js'
import type { Limits } from '../../../src/runtimes/types.js'
import type { LimitsInForce } from '../../../src/host/cgroup-limits.js'

const limits: Limits = { memoryMb: 128, timeoutMs: 5000, pidsLimit: 64, cpus: 0 }
// What the kernel read back for a child's group (v1 on this machine, as root), and where none could be made.
const readBack: LimitsInForce = { applied: true, version: 'v1', pidsMax: 64, memoryMaxBytes: 201_326_592, swapMaxBytes: 0 }
const none: LimitsInForce = { applied: false, reason: 'cannot create cgroup v1 groups (EACCES; needs root or a delegated cgroup)' }

describe('hardening: in force by default, relaxed by name, recorded', () => {
  it('by default every limit is in force', () => {
    // Reference: (128 + 64 MiB headroom) * 1048576 = 201326592
    expect(instanceMemoryBytes(limits)).toBe(201_326_592)
    expect(workloadNodeFlags(limits)).toEqual(['--max-old-space-size=128'])
    expect(workloadEnv(limits)).toEqual({ PATH: '/usr/local/bin:/usr/bin:/bin' })
    expect(isolateMemoryLimitMb({ ...limits, memoryMb: 4 })).toBe(8) // isolated-vm's minimum
    expect(hardeningInForce(limits, readBack)).toMatchObject({
      relaxed: [],
      container: { network: 'none', readOnlyRootfs: true, capDropAll: true, noNewPrivileges: true, pidsLimit: 64, memoryBytes: 201_326_592, minimalEnv: true },
      process: { heapCapMb: 128, cgroup: 'v1', cgroupPidsLimit: 64, cgroupMemoryBytes: 201_326_592, cgroupSwapBytes: 0, minimalEnv: true },
      isolate: { memoryLimitMb: 128, snapshotBuild: { heapCapMb: 128, cgroup: 'v1' } },
    })
  })

  it("isolate:snapshot's build child gets the memory limit as its heap cap, at least what its node needs, none when relaxed", () => {
    expect(snapshotBuildHeapCapMb(limits)).toBe(128)
    expect(snapshotBuildHeapCapMb({ ...limits, memoryMb: 4 })).toBe(16)
    expect(snapshotBuildHeapCapMb({ ...limits, relax: ['memory'] })).toBeUndefined()
    expect(hardeningInForce({ ...limits, relax: ['memory'] }, none)).toMatchObject({ isolate: { snapshotBuild: { heapCapMb: null, cgroup: 'none' } } })
  })

  it('each relaxation turns off only its own hardening', () => {
    const relaxed = { ...limits, relax: ['memory', 'network'] as const }
    expect(instanceMemoryBytes(relaxed)).toBeUndefined()
    expect(workloadNodeFlags(relaxed)).toEqual([])
    expect(hardeningInForce(relaxed, { ...readBack, memoryMaxBytes: null, swapMaxBytes: null })).toMatchObject({
      relaxed: ['memory', 'network'],
      container: { network: 'default', readOnlyRootfs: true, capDropAll: true, pidsLimit: 64, memoryBytes: null },
      process: { heapCapMb: null, cgroupPidsLimit: 64, cgroupMemoryBytes: null },
    })
  })

  it('records the child limits the kernel read back, and none where no group could be made', () => {
    expect(hardeningInForce(limits, { ...readBack, pidsMax: 32 })).toMatchObject({ process: { cgroupPidsLimit: 32 } })
    expect(hardeningInForce(limits, none)).toMatchObject({
      container: { pidsLimit: 64 },
      process: { cgroup: 'none', cgroupUnavailable: none.reason, cgroupPidsLimit: null, cgroupMemoryBytes: null, cgroupSwapBytes: null },
    })
  })
})
