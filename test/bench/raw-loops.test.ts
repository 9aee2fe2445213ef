// The bench's hand-written loops (src/bench/raw.ts, platforms.ts) against the real runtimes: each
// speaks the bootstrap's protocol as it stands and answers the hello workload. A protocol change a
// raw loop missed once left `npm run bench` waiting for a ready line forever; here it fails.
// No timing is asserted: a cold start is a positive number of ms, nothing more.
import Docker from 'dockerode'
import { afterAll, describe, expect, it } from 'vitest'
import { removeLabelledImages, workloadImageTag } from '../../src/bench/api.js'
import { platformRawLoops } from '../../src/bench/platforms.js'
import { rawDocker, rawIsolate, rawProcess, removeRawDirs, type RawLoop, type RawSetup } from '../../src/bench/raw.js'
import { withTimeout } from '../../src/host/timeout.js'
import { monotonicNow } from '../../src/measure/clock.js'
import { processTree } from '../../src/host/proc.js'
import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { RUNTIMES } from '../../src/runtimes/index.js'
import { REQUIRE_DOCKER, REQUIRE_PLATFORMS, testContext, workloadAt } from '../helpers.js'

const ctx = testContext()
const setup: RawSetup = { now: monotonicNow, workload: workloadAt('scenarios/workloads/hello.js'), input: { name: 'isobench' }, limits: ctx.limits, runId: ctx.runId }

async function once(loop: RawLoop): Promise<number> {
  const before = new Set(await processTree(process.pid))
  const ms = await withTimeout(loop(), 60_000, 'raw loop: no answer within 60000 ms')
  expect((await processTree(process.pid)).filter((pid) => !before.has(pid))).toEqual([])
  return ms
}

describe('bench raw loops', () => {
  afterAll(removeRawDirs) // the process's exit hook does not run in a test worker
  it('isolate answers hello', async () => {
    expect(await once(rawIsolate(setup))).toBeGreaterThan(0)
    expect(await once(rawIsolate(setup, false))).toBeGreaterThan(0)
  })

  it('process answers hello, its child gone after', async () => {
    expect(await once(rawProcess(setup))).toBeGreaterThan(0)
  })

  const platforms = platformRawLoops(setup)
  for (const name of ['workerd', 'deno', 'wasm'] as const) {
    it(`${name} answers hello, its child gone after`, async (test) => {
      const probe = await RUNTIMES[name]({ nodePath: process.execPath }).probe()
      if (!probe.available) {
        if (REQUIRE_PLATFORMS) throw new Error(`${name} must run here: ${probe.reason}`)
        return test.skip()
      }
      expect(await once(platforms[name])).toBeGreaterThan(0)
    })
  }

  describe('docker', () => {
    const docker = new Docker()
    afterAll(async () => {
      await removeLabelledImages(docker, ctx.runId).catch(() => 0)
    })

    it('docker answers hello, its container removed after', async (test) => {
      const runtime = createDockerRuntime({ nodePath: process.execPath })
      const probe = await runtime.probe()
      if (!probe.available) {
        if (REQUIRE_DOCKER) throw new Error(`docker must run here: ${probe.reason}`)
        return test.skip()
      }
      await runtime.prepare?.(ctx)
      await runtime.prepareWorkload?.(ctx, setup.workload)
      const image = workloadImageTag(ctx.runId, 'docker', setup.workload.source)
      expect(await once(rawDocker(setup, docker, () => image))).toBeGreaterThan(0)
      const left = await docker.listContainers({ all: true, filters: { label: [`isobench=${ctx.runId}`] } })
      expect(left).toEqual([])
      await runtime.cleanup?.(ctx.runId)
    })
  })
})
