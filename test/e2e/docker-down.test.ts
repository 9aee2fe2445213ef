/**
 * The Docker daemon stops mid-run (a private daemon, never the shared one): the docker rows say
 * why, process and isolate finish every run, the exit code says partial (3), nothing is left.
 */
import { existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REQUIRE_DOCKER } from '../helpers.js'
import { processesMentioning, resultsIn, runCli, startCli, tempScenario, testRunId } from './cli.js'
import { cgroupDirsNamed, ownDockerdUnavailable, startOwnDockerd, type OwnDockerd } from './own-dockerd.js'

const unavailable = ownDockerdUnavailable()
const bridgeExists = (name: string) => existsSync(`/sys/class/net/${name}`)
const rootfsDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('isobench-rootfs-')))

describe('the Docker daemon stops in the middle of a run', () => {
  if (unavailable && !REQUIRE_DOCKER) {
    it.skip(`private dockerd: ${unavailable}`, () => {})
    return
  }
  let daemon: OwnDockerd | undefined
  const sharedBridge = bridgeExists('docker0')
  afterAll(async () => {
    await daemon?.destroy()
    if (!daemon) return
    expect(processesMentioning(daemon.dir)).toEqual([])
    expect(bridgeExists(daemon.bridge)).toBe(false)
    expect(cgroupDirsNamed(daemon.cgroupParent)).toEqual([])
    expect(bridgeExists('docker0')).toBe(sharedBridge) // the shared daemon's bridge is untouched
  })

  beforeAll(async () => {
    daemon = await startOwnDockerd()
  })

  it('an image build interrupted by SIGINT exits 130 and leaves no temp rootfs', async () => {
    const codes: Array<number | null> = []
    for (const delayMs of [0, 50, 150, 300, 600, 1000]) {
      const before = rootfsDirs()
      const build = startCli(['image', 'build'], { DOCKER_HOST: daemon!.host })
      await build.waitForStderr(/building/)
      await sleep(delayMs)
      build.child.kill('SIGINT')
      const result = await build.done
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
      codes.push(result.code)
      expect([130, 0]).toContain(result.code) // 0: the build won the race
      expect([...rootfsDirs()].filter((name) => !before.has(name))).toEqual([])
    }
    expect(codes).toContain(130)
  })

  it('docker rows say why, the others finish, exit 3, nothing left', async () => {
    const env = { DOCKER_HOST: daemon!.host }

    const before = rootfsDirs()
    const build = await runCli(['image', 'build'], env)
    expect(build.code, build.stderr).toBe(0)
    expect([...rootfsDirs()].filter((name) => !before.has(name))).toEqual([]) // the build's temp rootfs is gone

    const runs = 12
    const runId = testRunId('daemon-down')
    const { dir, file, workloadPath } = tempScenario({ runs, warmup: 0 })
    const out = join(dir, 'out')
    const cli = startCli(['run', '-s', file, '-R', 'docker,process,isolate', '--verbose', '--out', out, '--run-id', runId], env)
    await cli.waitForStderr(/samples/) // at least one docker sample measured
    await daemon!.stop()
    const result = await cli.done
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(result.code).toBe(3)

    expect(result.stdout).toMatch(/docker: \d+ sample\(s\) failed, first: /) // the table note (the first may be the daemon shutting down)
    const [saved] = resultsIn(out)
    expect(saved!.complete).toBe(true)
    const rows = Object.fromEntries(saved!.scenarios[0].runtimes.map((row: { runtime: string }) => [row.runtime, row]))
    const dockerSamples = rows.docker.samples as Array<{ ok: boolean; error?: string }>
    expect(dockerSamples.some((s) => s.ok)).toBe(true) // measured before the stop
    const failed = dockerSamples.filter((s) => !s.ok)
    expect(failed.length).toBeGreaterThan(0)
    expect(failed.at(-1)!.error).toMatch(/the Docker daemon stopped answering at unix:\/\/.*\(ENOENT|ECONNREFUSED\)/)
    for (const runtime of ['process', 'isolate']) {
      expect(rows[runtime].status).toBe('ok')
      expect(rows[runtime].samples.filter((s: { ok: boolean }) => s.ok)).toHaveLength(runs)
    }
    expect(processesMentioning(workloadPath)).toEqual([])
  })
})
