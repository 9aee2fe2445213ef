import { describe, expect, it } from 'vitest'
import { createWorkerdRuntime } from '../../src/runtimes/workerd/index.js'
import { REQUIRE_PLATFORMS, testContext, workloadAt } from '../helpers.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createWorkerdRuntime, { isOptionalPlatform: true, sandboxPhases: 'answer' })

describe('workerd sandbox times', async () => {
  const runtime = createWorkerdRuntime({ nodePath: process.execPath })
  const probe = await runtime.probe()
  it.skipIf(!probe.available && !REQUIRE_PLATFORMS)('a request that asks for a repeat is called that many times and reports the CPU time the workerd process used, read from the kernel', async () => {
    const ctx = testContext()
    const instance = await runtime.start(workloadAt('test/fixtures/workloads/counter.js'), ctx)
    try {
      expect(instance.repeats).toBe(true)
      expect(await instance.invoke(null, { repeat: 5 })).toEqual({ calls: 5 })
      const times = instance.sandboxTimes?.()
      expect(times?.cpuMs).toBeGreaterThan(0)
      expect(times?.callMs).toBeGreaterThanOrEqual(0)
      expect(times?.source).toMatch(/schedstat.*a mean per call/)
      // A plain request (a round trip) calls it once and skips the kernel reads.
      expect(await instance.invoke(null)).toEqual({ calls: 6 })
      expect(instance.sandboxTimes?.().cpuMs).toBeUndefined()
    } finally {
      await instance.stop()
      await runtime.cleanup?.(ctx.runId)
    }
  })
})
