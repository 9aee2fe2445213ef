import { describe, expect, it } from 'vitest'
import { RUNTIMES } from '../../src/runtimes/index.js'
import { testContext, workloadAt } from '../helpers.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(RUNTIMES['isolate:context'])

describe('isolate:context quiesce (before a host-memory baseline)', () => {
  it('replaces the shared isolate only when no context is alive; contexts keep working either way', async () => {
    const runtime = RUNTIMES['isolate:context']({ nodePath: process.execPath })
    const ctx = testContext()
    const workload = workloadAt('test/fixtures/workloads/counter.js')
    await runtime.prepare!(ctx)
    try {
      const first = await runtime.start(workload, ctx)
      const heapOf = async (instance: typeof first) => ((await instance.memory()) as { sharedHeapBytes?: number }).sharedHeapBytes
      // Garbage in the shared heap: contexts started and stopped.
      for (let i = 0; i < 50; i++) await (await runtime.start(workload, ctx)).stop()
      const before = await heapOf(first)
      await runtime.quiesce!(ctx) // one context alive: nothing happens to the isolate it lives in
      expect(await first.invoke(null)).toBeDefined()
      await first.stop()
      await runtime.quiesce!(ctx) // none alive: a fresh shared isolate
      const next = await runtime.start(workload, ctx)
      expect(await next.invoke(null)).toBeDefined()
      const after = await heapOf(next)
      await next.stop()
      expect(before).toBeGreaterThan(0)
      expect(after).toBeLessThan(before!)
    } finally {
      await runtime.cleanup?.(ctx.runId)
    }
  })
})
