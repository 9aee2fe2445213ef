import { describe, expect, it } from 'vitest'
import { coldStartOnce } from '../../src/measure/cold-start.js'
import { createWasmRuntime, createWasmSharedRuntime } from '../../src/runtimes/wasm/index.js'
import { REQUIRE_PLATFORMS, testContext, workloadAt } from '../helpers.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createWasmRuntime, { isOptionalPlatform: true })
describeRuntimeContract(createWasmSharedRuntime, { isOptionalPlatform: true })

describe('wasm instances', async () => {
  const fresh = createWasmRuntime({ nodePath: process.execPath })
  const shared = createWasmSharedRuntime({ nodePath: process.execPath })
  const available = (await fresh.probe()).available
  it.skipIf(!available && !REQUIRE_PLATFORMS)('wasm gives each instance its own linear memory; wasm:runtime shares one', async () => {
    const ctx = testContext()
    const workload = workloadAt('scenarios/workloads/hello.js')
    for (const runtime of [fresh, shared]) await runtime.prepare?.(ctx)
    const instances = await Promise.all([fresh.start(workload, ctx), shared.start(workload, ctx)])
    try {
      const [own, sharedReading] = await Promise.all(instances.map((instance) => instance.memory()))
      expect(own!.linearMemoryBytes).toBeGreaterThan(0)
      expect(own!.heapBytes).toBeGreaterThan(0)
      expect(sharedReading!.linearMemoryBytes).toBeUndefined()
      expect(sharedReading!.heapBytes).toBeGreaterThan(0)
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()))
    }
  })

  it.skipIf(!available && !REQUIRE_PLATFORMS)('a fresh wasm instance is stopped at its linear memory cap, out of memory', async () => {
    const ctx = testContext({ memoryMb: 32 })
    await fresh.prepare?.(ctx)
    const sample = await coldStartOnce(fresh, workloadAt('test/fixtures/workloads/hog.js'), null, ctx)
    expect(sample.ok).toBe(false)
    expect(sample.error).toBe("out of memory (the instance's wasm linear memory is capped at 32 MiB)")
  })

  it.skipIf(!available && !REQUIRE_PLATFORMS)('the probe says plainly that QuickJS is an interpreter', async () => {
    const probe = await fresh.probe()
    expect(probe.available && probe.info.note).toMatch(/interpreter/)
  })
})
