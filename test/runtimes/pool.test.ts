/** The warm pool wrapper: the runtime contract around a real out-of-process and a real in-process runtime, and what the pool itself promises. */
import { describe, expect, it } from 'vitest'
import { coldStartOnce } from '../../src/measure/cold-start.js'
import { processTree } from '../../src/host/proc.js'
import { RUNTIMES } from '../../src/runtimes/index.js'
import { createPooledRuntime } from '../../src/runtimes/pool.js'
import { testContext, workloadAt } from '../helpers.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract((options) => createPooledRuntime(RUNTIMES.process(options), 2), { keepsWarmInstances: true, sandboxPhases: 'none' })
describeRuntimeContract((options) => createPooledRuntime(RUNTIMES.isolate(options), 2), { keepsWarmInstances: true, sandboxPhases: 'none' })

describe('process+pool', () => {
  const children = async () => (await processTree(process.pid)).filter((pid) => pid !== process.pid)

  it('keeps N instances started ahead, takes one per start, refills untimed and frees all at cleanup', async () => {
    const pooled = createPooledRuntime(RUNTIMES.process({ nodePath: process.execPath }), 2)
    expect(pooled.name).toBe('process+pool')
    const ctx = testContext()
    const workload = workloadAt('scenarios/workloads/hello.js')
    const before = await children()
    await pooled.prepare!(ctx)
    await pooled.prepareWorkload!(ctx, workload)
    expect((await children()).length - before.length).toBe(2) // two node children waiting
    const sample = await coldStartOnce(pooled, workload, { name: 'pool' }, ctx)
    expect(sample.error).toBeUndefined()
    expect(sample.output).toEqual({ message: 'hello, pool', length: 4 })
    expect(Object.keys(sample.metrics)).toContain('phase_take_ms')
    expect(Object.keys(sample.metrics)).not.toContain('phase_spawn_ms') // nothing was spawned on the clock
    // the pool holds 2 node processes: more than the taken one alone
    expect(sample.metrics.memory_pool_bytes).toBeGreaterThan(sample.metrics.memory_rss_bytes!)
    await pooled.settle!()
    expect((await children()).length - before.length).toBe(2) // refilled
    await pooled.cleanup!(ctx.runId)
    expect(await children()).toEqual(before)
  })

  it('passes on whether its instances can join a budget group: docker+pool is refused one where docker is', async () => {
    // Reference: a remote engine's containers cannot join a group of this host (daemon.ts dockerBudgetUnavailable).
    const remote = { nodePath: process.execPath, dockerHost: 'tcp://127.0.0.1:1' }
    const pooled = createPooledRuntime(RUNTIMES.docker(remote), 2)
    expect(pooled.budgetUnavailable?.()).toBe(RUNTIMES.docker(remote).budgetUnavailable?.())
    expect(pooled.budgetUnavailable?.()).toBe('the docker engine was not probed')
    expect(createPooledRuntime(RUNTIMES.process({ nodePath: process.execPath }), 2).budgetUnavailable).toBeUndefined()
  })

  it('keeps the inner runtime\'s caveat beside its own', async () => {
    const probe = await createPooledRuntime(RUNTIMES.vm({ nodePath: process.execPath }), 2).probe()
    expect(probe.available && probe.info.note).toMatch(/^not a security boundary.*; a pool of 2 instances started ahead/)
  })

  it('a start the pool was not prepared for is a real cold start, reported as a miss', async () => {
    const pooled = createPooledRuntime(RUNTIMES.process({ nodePath: process.execPath }), 1)
    const ctx = testContext()
    const sample = await coldStartOnce(pooled, workloadAt('scenarios/workloads/hello.js'), { name: 'x' }, ctx)
    expect(sample.ok).toBe(true)
    expect(Object.keys(sample.metrics)).toContain('phase_miss_ms')
    await pooled.settle!()
    await pooled.cleanup!(ctx.runId)
  })
})
