import { describe, expect, it } from 'vitest'
import { hardeningInForce, instanceMemoryBytes, isolateMemoryLimitMb, workloadEnv, workloadNodeFlags } from '../../../src/runtimes/hardening.js'
import type { Limits } from '../../../src/runtimes/types.js'

const limits: Limits = { memoryMb: 128, timeoutMs: 5000, pidsLimit: 64, cpus: 0 }

describe('hardening: in force by default, relaxed by name, recorded', () => {
  it('by default every limit is in force', () => {
    // Reference: (128 + 64 MiB headroom) * 1048576 = 201326592
    expect(instanceMemoryBytes(limits)).toBe(201_326_592)
    expect(workloadNodeFlags(limits)).toEqual(['--max-old-space-size=128'])
    expect(workloadEnv(limits)).toEqual({ PATH: '/usr/local/bin:/usr/bin:/bin' })
    expect(isolateMemoryLimitMb({ ...limits, memoryMb: 4 })).toBe(8) // isolated-vm's minimum
    expect(hardeningInForce(limits)).toMatchObject({
      relaxed: [],
      container: { network: 'none', readOnlyRootfs: true, capDropAll: true, noNewPrivileges: true, pidsLimit: 64, memoryBytes: 201_326_592, minimalEnv: true },
      process: { heapCapMb: 128, cgroupPidsLimit: 64, minimalEnv: true },
      isolate: { memoryLimitMb: 128 },
    })
  })

  it('each relaxation turns off only its own hardening', () => {
    const relaxed = { ...limits, relax: ['memory', 'network'] as const }
    expect(instanceMemoryBytes(relaxed)).toBeUndefined()
    expect(workloadNodeFlags(relaxed)).toEqual([])
    expect(hardeningInForce(relaxed)).toMatchObject({
      relaxed: ['memory', 'network'],
      container: { network: 'default', readOnlyRootfs: true, capDropAll: true, pidsLimit: 64, memoryBytes: null },
      process: { heapCapMb: null, cgroupPidsLimit: 64 },
    })
  })
})
