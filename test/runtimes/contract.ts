/**
 * The contract every runtime adapter must meet, against the real runtime (never a mock):
 * the workload answers, a throwing workload is a failed sample with its message, and stop frees
 * everything. Apply it with `describeRuntimeContract(factory)` for each adapter.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { coldStartOnce } from '../../src/measure/cold-start.js'
import { liveCount } from '../../src/measure/live.js'
import { judgeForge } from '../../src/measure/probe-verdict.js'
import { processTree } from '../../src/host/proc.js'
import type { RuntimeFactory } from '../../src/runtimes/types.js'
import type { RunContext } from '../../src/runtimes/types.js'
import { labelledContainers, REQUIRE_DOCKER, REQUIRE_PLATFORMS, testContext, workloadAt } from '../helpers.js'

export interface ContractOptions {
  /** Whether instances are containers (then leftovers are checked by label). */
  usesDocker?: boolean
  /** Whether the runtime keeps started instances beyond stop (a warm pool): they must be gone after cleanup. */
  keepsWarmInstances?: boolean
  /** An optional platform (workerd, deno, wasm, qemu): skipped when its package is absent, except in CI. */
  isOptionalPlatform?: boolean
  /** Per-test timeout for a runtime whose start takes seconds (qemu: a VM boot per instance). */
  testTimeoutMs?: number
  /**
   * The sandbox-side phases it reports: all three (default), `answer` (workerd: only sandbox_return,
   * the start hidden), `own-clock` (runsc, qemu: unavailable, the skew check says why), `none` (a pool).
   */
  sandboxPhases?: 'all' | 'answer' | 'own-clock' | 'none'
}

const SANDBOX_PHASES = ['sandbox_boot_ms', 'sandbox_load_ms', 'sandbox_return_ms'] as const

/** What a cold start must carry of the sandbox-side phases (their presence, never their values). */
function expectSandboxPhases(sample: { metrics: Record<string, number>; sandboxUnavailable?: string }, kind: ContractOptions['sandboxPhases']): void {
  const present = SANDBOX_PHASES.filter((metric) => sample.metrics[metric] !== undefined)
  if (kind === 'none') return expect(present).toEqual([])
  if (kind === 'own-clock') {
    expect(present).toEqual([])
    return expect(sample.sandboxUnavailable).toMatch(/not the harness's/)
  }
  if (kind === 'answer') {
    expect(present).toEqual(['sandbox_return_ms'])
    return expect(sample.sandboxUnavailable).toMatch(/no clock while they load/)
  }
  expect(present).toEqual([...SANDBOX_PHASES])
  expect(sample.sandboxUnavailable).toBeUndefined()
  for (const metric of SANDBOX_PHASES) expect(sample.metrics[metric]).toBeGreaterThanOrEqual(0)
}

export function describeRuntimeContract(factory: RuntimeFactory, options: ContractOptions = {}): void {
  const runtime = factory({ nodePath: process.execPath })
  describe(`${runtime.name} runtime contract`, { timeout: options.testTimeoutMs }, async () => {
    const probe = await runtime.probe()
    const mustRun = options.usesDocker ? REQUIRE_DOCKER : options.isOptionalPlatform ? REQUIRE_PLATFORMS : true
    if (!probe.available && !mustRun) {
      it.skip(`${runtime.name} is not available here: ${probe.reason}`, () => {})
      return
    }

    // Every context a test made is cleaned up (cleanup(runId) must free what a run leaves: temp dirs, containers).
    const contexts: RunContext[] = []
    const context = (limits: Parameters<typeof testContext>[0] = {}) => {
      const ctx = testContext(limits)
      contexts.push(ctx)
      return ctx
    }
    afterAll(async () => {
      await Promise.all(contexts.map((ctx) => runtime.cleanup?.(ctx.runId)))
    })

    it('probe reports a version', () => {
      expect(probe).toMatchObject({ available: true })
      if (probe.available) expect(probe.info.version).toMatch(/\d+\.\d+/)
    })

    it('hello returns the right output through a cold start', async () => {
      const ctx = context()
      await runtime.prepare?.(ctx)
      const sample = await coldStartOnce(runtime, workloadAt('scenarios/workloads/hello.js'), { name: 'contract' }, ctx)
      expect(sample.error).toBeUndefined()
      expect(sample.ok).toBe(true)
      expect(sample.output).toEqual({ message: 'hello, contract', length: 8 })
      expect(sample.metrics.cold_start_ms).toBeGreaterThan(0)
      expect(sample.metrics.teardown_ms).toBeGreaterThanOrEqual(0)
      expectSandboxPhases(sample, options.sandboxPhases ?? 'all')
    })

    it('a call is timed inside the sandbox, repeated when asked', async () => {
      const ctx = context()
      await runtime.prepare?.(ctx)
      const instance = await runtime.start(workloadAt('test/fixtures/workloads/counter.js'), ctx)
      try {
        await instance.invoke(null, { repeat: 3 })
        const times = instance.sandboxTimes?.()
        expect(times?.callMs).toBeGreaterThanOrEqual(0)
        expect(times?.cpuMs).toBeGreaterThanOrEqual(0)
        // The handler ran 3 times in that request where the runtime honours repeat: the next call is the 4th, else the 2nd.
        expect(await instance.invoke(null)).toEqual({ calls: instance.repeats ? 4 : 2 })
      } finally {
        await instance.stop()
      }
    })

    it('an async handler is awaited and answers many requests on one instance', async () => {
      const ctx = context()
      await runtime.prepare?.(ctx)
      const instance = await runtime.start(workloadAt('test/fixtures/workloads/async-echo.js'), ctx)
      try {
        for (let i = 0; i < 5; i++) expect(await instance.invoke({ i })).toEqual({ echo: { i } })
        const memory = await instance.memory()
        expect(Object.values(memory).some((value) => typeof value === 'number' && value > 0)).toBe(true)
      } finally {
        await instance.stop()
        await instance.stop() // idempotent
      }
    })

    it('every instance starts fresh: module state lives with its instance only', async () => {
      const ctx = context()
      const workload = workloadAt('test/fixtures/workloads/counter.js')
      await runtime.prepare?.(ctx)
      await runtime.prepareWorkload?.(ctx, workload)
      const first = await runtime.start(workload, ctx)
      try {
        expect(await first.invoke(null)).toEqual({ calls: 1 })
        expect(await first.invoke(null)).toEqual({ calls: 2 })
      } finally {
        await first.stop()
      }
      await runtime.settle?.()
      const second = await runtime.start(workload, ctx)
      try {
        expect(await second.invoke(null)).toEqual({ calls: 1 })
      } finally {
        await second.stop()
      }
      await runtime.settle?.()
    })

    it('a workload that throws is a failed sample carrying its message', async () => {
      const ctx = context()
      await runtime.prepare?.(ctx)
      const sample = await coldStartOnce(runtime, workloadAt('test/fixtures/workloads/throws.js'), null, ctx)
      expect(sample.ok).toBe(false)
      expect(sample.error).toContain('boom from the workload')
    })

    it('a workload without a default export fails to load, saying so', async () => {
      const ctx = context()
      await runtime.prepare?.(ctx)
      const sample = await coldStartOnce(runtime, workloadAt('test/fixtures/workloads/no-default.js'), null, ctx)
      expect(sample.ok).toBe(false)
      expect(sample.error).toContain('no default export')
    })

    it('a handler that never returns fails at the timeout, and stop still frees the instance', async () => {
      const ctx = context({ timeoutMs: 3000 })
      await runtime.prepare?.(ctx)
      const before = new Set(await processTree(process.pid))
      const sample = await coldStartOnce(runtime, workloadAt('test/fixtures/workloads/spin.js'), null, ctx)
      expect(sample.ok).toBe(false)
      expect(sample.error).toMatch(/timeout|timed out/i)
      if (options.keepsWarmInstances) await runtime.cleanup?.(ctx.runId) // the pool refilled: its spares go at cleanup
      expect((await processTree(process.pid)).filter((pid) => !before.has(pid))).toEqual([])
    })

    it('a workload that forges its ready line and its answers on every channel it reaches is not believed', async () => {
      const ctx = context({ timeoutMs: 10_000 })
      await runtime.prepare?.(ctx)
      const instance = await runtime.start(workloadAt('scenarios/workloads/probe-forge.js'), ctx)
      const readyAt = performance.now()
      try {
        const output = (await instance.invoke({})) as { forged?: boolean; sinceLoadMs: number; handlerMs: number; detail: string }
        const witness = { readyToAnswerMs: performance.now() - readyAt }
        expect(output.forged).toBeUndefined()
        expect(output.detail).toMatch(/^the real handler answered/)
        // Reference: the workload takes 300 ms to load after forging ready, so a believed forged ready
        // shows as about 300 ms; a real one as the answer's way back (durations: a guest's clock is its own).
        expect(judgeForge(output, witness)).toMatchObject({ outcome: 'blocked' })
      } finally {
        await instance.stop()
      }
    })

    it('stop frees everything: no process, container or live instance left', async () => {
      const ctx = context()
      await runtime.prepare?.(ctx)
      const before = new Set(await processTree(process.pid))
      const instance = await runtime.start(workloadAt('scenarios/workloads/hello.js'), ctx)
      await instance.invoke({ name: 'x' })
      await instance.stop()
      await runtime.settle?.()
      if (options.keepsWarmInstances) await runtime.cleanup?.(ctx.runId)
      const after = (await processTree(process.pid)).filter((pid) => !before.has(pid))
      expect(after).toEqual([])
      expect(liveCount()).toBe(0)
      if (options.usesDocker) expect(await labelledContainers(ctx.runId)).toBe(0)
    })
  })
}
