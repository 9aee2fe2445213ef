import { describe, expect, it } from 'vitest'
import { coldStartOnce } from '../../src/measure/cold-start.js'
import { findRunProcesses } from '../../src/host/proc.js'
import { createQemuRuntime } from '../../src/runtimes/qemu/index.js'
import { HUNG_BOOT } from '../../src/runtimes/qemu/guest.js'
import type { Runtime, RuntimeOptions } from '../../src/runtimes/types.js'
import { REQUIRE_PLATFORMS, testContext, workloadAt } from '../helpers.js'
import { describeRuntimeContract } from './contract.js'

// A VM boot per instance: seconds under KVM, tens of seconds under TCG on a loaded 2-core host.
const BOOT_TEST_TIMEOUT_MS = 600_000

/**
 * A TCG guest here now and then hangs at boot: its vCPU spins at 100% and it never gets ready (about
 * 1 boot in 10 under the test runner, none in 20 boots of a plain loop; the cause is not found). The
 * adapter fails such a start after 6x its measured boot, saying "the guest hung at boot", which a run
 * shows as a failed sample. These tests boot once more on that error alone, and say so.
 */
function withBootRetry(options: RuntimeOptions): Runtime {
  const runtime = createQemuRuntime(options)
  const start = runtime.start.bind(runtime)
  runtime.start = (workload, ctx) => start(workload, ctx).catch((error: Error) => {
    if (!HUNG_BOOT.test(error.message)) throw error
    console.warn(`qemu test: ${error.message}; booting it again`)
    return start(workload, ctx)
  })
  return runtime
}

describeRuntimeContract(withBootRetry, { isOptionalPlatform: true, testTimeoutMs: BOOT_TEST_TIMEOUT_MS, sandboxPhases: 'own-clock' })

describe('qemu guest', { timeout: BOOT_TEST_TIMEOUT_MS }, async () => {
  const runtime = withBootRetry({ nodePath: process.execPath })
  const probe = await runtime.probe()
  const runs = probe.available || REQUIRE_PLATFORMS

  it.skipIf(!runs)('records the accelerator it measured and notes TCG under the tables', () => {
    expect(probe.available).toBe(true)
    if (!probe.available) return
    expect(['kvm', 'tcg']).toContain(probe.info.details.accelerator)
    expect(String(probe.info.details.acceleratorWhy).length).toBeGreaterThan(0)
    if (probe.info.details.accelerator === 'tcg') expect(probe.info.note).toContain('emulated CPU (TCG)')
  })

  it.skipIf(!runs)('phases are spawn, kernel, ready; memory has the host and the guest views; the guest runs its own kernel without the host\'s environment', async () => {
    const ctx = testContext()
    await runtime.prepare?.(ctx)
    expect(probe.available && ['microvm', 'pc']).toContain(probe.available && probe.info.details.machine)
    const instance = await runtime.start(workloadAt('test/fixtures/workloads/env.js'), ctx)
    try {
      expect(instance.startPhases.map((phase) => phase.name)).toEqual(['spawn', 'kernel', 'ready'])
      expect(instance.startPhases.every((phase) => phase.ms >= 0)).toBe(true)
      expect(await findRunProcesses(ctx.runId)).toHaveLength(1) // the QEMU process carries the run marker
      expect(await instance.invoke(null)).toEqual({ env: { PATH: '/usr/bin:/bin' } })
      const memory = await instance.memory()
      expect(memory.rssBytes).toBeGreaterThan(0)
      expect(memory.guestRssBytes).toBeGreaterThan(0)
      expect(memory.heapBytes).toBeGreaterThan(0)
    } finally {
      await instance.stop()
      await runtime.cleanup?.(ctx.runId)
    }
    expect(await findRunProcesses(ctx.runId)).toEqual([])
  })

  it.skipIf(!runs)('a host file is not there and the network has no device in the guest', async () => {
    const ctx = testContext()
    await runtime.prepare?.(ctx)
    const read = await coldStartOnce(runtime, workloadAt('scenarios/workloads/probe-read-file.js'), { hostFile: ROOT_ONLY_FILE }, ctx)
    await runtime.cleanup?.(ctx.runId)
    expect(read.error).toBeUndefined()
    expect(read.output).toMatchObject({ outcome: 'blocked' })
    expect(String((read.output as { detail: string }).detail)).toContain('ENOENT')
    const connect = await coldStartOnce(runtime, workloadAt('scenarios/workloads/probe-network.js'), { host: '10.0.2.2', port: 9 }, ctx)
    await runtime.cleanup?.(ctx.runId)
    expect(connect.output).toMatchObject({ outcome: 'blocked', detail: expect.stringContaining('ENETUNREACH') })
  })
})

/** A file every host running the tests has, which the guest's initramfs does not hold. */
const ROOT_ONLY_FILE = new URL('../../package.json', import.meta.url).pathname
