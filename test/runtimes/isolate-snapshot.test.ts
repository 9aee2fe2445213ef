import { describe, expect, it } from 'vitest'
import { coldStartOnce } from '../../src/measure/cold-start.js'
import { processTree } from '../../src/host/proc.js'
import { RUNTIMES } from '../../src/runtimes/index.js'
import type { Workload } from '../../src/runtimes/types.js'
import { testContext, workloadAt } from '../helpers.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(RUNTIMES['isolate:snapshot'])

/**
 * `WebAssembly` is missing in the context isolated-vm's createSnapshot evaluates a script in, and
 * present in a plain isolate (isolated-vm 5 on Node 20 and 6 on Node 22, checked; `Atomics` is
 * missing there on Node 20 only): a workload that tests it misbehaves only while its snapshot is
 * built (the trial run in a plain isolate passes). The first test checks that this still holds.
 */
const AT_SNAPSHOT_TIME = 'typeof WebAssembly === "undefined"'

const inline = (name: string, source: string): Workload => ({ name, path: `/inline/${name}.js`, source })

/** Runs `body` and returns the processes it left under the test process. */
async function leftoverProcesses(body: () => Promise<void>): Promise<number[]> {
  const before = new Set(await processTree(process.pid))
  await body()
  return (await processTree(process.pid)).filter((pid) => !before.has(pid))
}

describe('isolate:snapshot builds its snapshot in a bounded child', () => {
  const runtime = RUNTIMES['isolate:snapshot']({ nodePath: process.execPath })

  it('a snapshot-time test sees a plain isolate and the snapshot build differently', async () => {
    const ctx = testContext()
    const workload = inline('probe', `const atSnapshotTime = ${AT_SNAPSHOT_TIME}\nexport default () => atSnapshotTime`)
    await runtime.prepareWorkload!(ctx, workload)
    const sample = await coldStartOnce(runtime, workload, {}, ctx)
    expect(sample.error).toBeUndefined()
    expect(sample.output).toBe(true)
    await runtime.cleanup!(ctx.runId)
  })

  it('a workload whose top level never ends fails at prepare (the trial run in the child has the timeout)', async () => {
    const workload = inline('loop', 'for (;;) {}\nexport default () => 1')
    await expect(runtime.prepareWorkload!(testContext({ timeoutMs: 500 }), workload)).rejects.toThrow(/workload failed to load: .*timed out/)
  })

  it('a workload that loops forever only while its snapshot is built fails with the timeout, and no process is left', async () => {
    const workload = inline('snapshot-loop', `if (${AT_SNAPSHOT_TIME}) for (;;) {}\nexport default () => 1`)
    const left = await leftoverProcesses(async () => {
      await expect(runtime.prepareWorkload!(testContext({ timeoutMs: 3000 }), workload)).rejects.toThrow('snapshot build did not finish within 3000 ms (timeout)')
    })
    expect(left).toEqual([])
  })

  it('a workload that allocates without bound only while its snapshot is built fails with out of memory, and no process is left', async () => {
    const workload = inline('snapshot-hog', `if (${AT_SNAPSHOT_TIME}) { const kept = []; for (;;) kept.push(new Array(1e5).fill(1)) }\nexport default () => 1`)
    const left = await leftoverProcesses(async () => {
      await expect(runtime.prepareWorkload!(testContext({ memoryMb: 64, timeoutMs: 20_000 }), workload)).rejects.toThrow(/snapshot build ran out of memory \(heap cap 64 MiB/)
    })
    expect(left).toEqual([])
  })

  it('a start whose snapshot build times out is a failed sample, and the harness goes on', async () => {
    // 3 s: each stage of the build child (load isolated-vm, the trial run, the snapshot) has the timeout, and a cold first load took over 1 s on Node 24.
    const ctx = testContext({ timeoutMs: 3000 })
    const hanging = inline('snapshot-loop-start', `if (${AT_SNAPSHOT_TIME}) for (;;) {}\nexport default () => 1`)
    const failed = await coldStartOnce(runtime, hanging, {}, ctx)
    expect(failed.ok).toBe(false)
    expect(failed.error).toMatch(/snapshot build did not finish within 3000 ms \(timeout\)/)
    const sample = await coldStartOnce(runtime, workloadAt('scenarios/workloads/hello.js'), { name: 'after' }, testContext())
    expect(sample.error).toBeUndefined()
    expect(sample.output).toEqual({ message: 'hello, after', length: 5 })
    expect(sample.metrics.phase_snapshot_ms).toBeGreaterThan(0)
    await runtime.cleanup!(ctx.runId)
  })

  it('cleanup during a build kills the build child', async () => {
    const ctx = testContext({ timeoutMs: 20_000 })
    const workload = inline('snapshot-loop-cleanup', `if (${AT_SNAPSHOT_TIME}) for (;;) {}\nexport default () => 1`)
    const left = await leftoverProcesses(async () => {
      const failed = expect(runtime.prepareWorkload!(ctx, workload)).rejects.toThrow(/snapshot build failed: the child exited \(SIGKILL\)/)
      await new Promise((resolve) => setTimeout(resolve, 1500))
      await runtime.cleanup!(ctx.runId)
      await failed
    })
    expect(left).toEqual([])
  })
})
