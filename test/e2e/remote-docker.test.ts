/**
 * A remote Docker engine, stood in for by a second dockerd on this machine listening on TCP with
 * TLS (own-dockerd.ts): docker, docker:crun and docker:runsc rows measured over that connection
 * (the image imported through the Engine API, files as a layer, memory from the engine's stats),
 * a docker context that names it, and nothing left on either daemon, Ctrl-C included.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REQUIRE_DOCKER } from '../helpers.js'
import { resultsIn, runCli, startCli, tempScenario, testRunId } from './cli.js'
import { ownDockerdUnavailable, startOwnDockerd, type OwnDockerd } from './own-dockerd.js'

const unavailable = ownDockerdUnavailable()

/** Containers and images labelled with the run id on a daemon. */
async function leftovers(docker: Docker, runId: string): Promise<{ containers: number; images: number }> {
  const filters = { label: [`isobench=${runId}`] }
  const layers = { label: [`isobench.layer=${runId}`] }
  const [containers, helpers, images] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listContainers({ all: true, filters: layers }), docker.listImages({ all: true, filters: layers })])
  return { containers: containers.length + helpers.length, images: images.length }
}

describe('a remote Docker engine over TCP with TLS', () => {
  if (unavailable && !REQUIRE_DOCKER) {
    it.skip(`private dockerd: ${unavailable}`, () => {})
    return
  }
  let daemon: OwnDockerd | undefined
  let remote: Docker
  const local = new Docker()
  const tlsEnv = () => ({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: daemon!.tcp!.certDir, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined })
  beforeAll(async () => {
    daemon = await startOwnDockerd({ tls: true })
    remote = new Docker({ socketPath: daemon.host.slice('unix://'.length) })
  })
  afterAll(async () => {
    await daemon?.destroy()
  })

  it('docker, docker:crun and docker:runsc rows have numbers and cgroup-view memory from the engine; nothing is left', async () => {
    const runId = testRunId('remote')
    const { dir, file } = tempScenario({ runs: 2, warmup: 0 })
    const out = join(dir, 'out')
    const result = await runCli(['run', '-s', file, '-R', 'docker,docker:crun,docker:runsc', '--docker-host', daemon!.tcp!.host, '--verbose', '--out', out, '--run-id', runId], tlsEnv())
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/remote engine tcp:\/\/127\.0\.0\.1:\d+: memory is the cgroup view/)
    const [saved] = resultsIn(out)
    for (const row of saved!.scenarios[0].runtimes) {
      expect(row.status, row.runtime).toBe('ok')
      const samples = row.samples.filter((s: { ok: boolean }) => s.ok)
      expect(samples, row.runtime).toHaveLength(2)
      for (const sample of samples) {
        expect(sample.metrics.cold_start_ms).toBeGreaterThan(0)
        expect(sample.metrics.memory_cgroup_bytes).toBeGreaterThan(1024 * 1024)
        expect(sample.metrics.memory_rss_bytes).toBeUndefined() // the process view is not available remotely
      }
      const details = saved!.environment.runtimes[row.runtime].details
      expect(details).toMatchObject({ dockerHost: daemon!.tcp!.host, dockerHostSource: '--docker-host', remote: true, processView: 'not available for a remote engine', memorySource: 'engine-api-stats' })
      expect(details.pingCount).toBe(10)
      expect(details.pingMedianMs).toBeGreaterThan(0)
      expect(details['layerMs.' + saved!.scenarios[0].workload.name]).toBeGreaterThan(0)
    }
    // the node image was imported into the remote engine; the run's containers and layers are gone from both
    expect((await remote.listImages()).some((image) => image.RepoTags?.some((tag) => tag.startsWith('isobench-node:')))).toBe(true)
    expect(await leftovers(remote, runId)).toEqual({ containers: 0, images: 0 })
    expect(await leftovers(local, runId)).toEqual({ containers: 0, images: 0 })
  })

  it('a noisy-neighbour budget is not claimed for a remote engine: its cgroups are another machine\'s', async () => {
    const runId = testRunId('remote-budget')
    const { dir, file } = tempScenario({ measure: 'noisy-neighbour', hostMemoryMb: 448, windowMs: 300, runs: 1, warmup: 0 })
    const out = join(dir, 'out')
    const result = await runCli(['run', '-s', file, '-R', 'docker', '--docker-host', daemon!.tcp!.host, '--out', out, '--run-id', runId], tlsEnv())
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/no shared budget: the engine at tcp:\/\/127\.0\.0\.1:\d+ is remote: its cgroups are not this host's/)
    const details = resultsIn(out)[0]!.scenarios[0].runtimes[0].details
    for (const variant of ['limited', 'unlimited']) expect(details[variant].budget).toEqual({ applied: false, reason: expect.stringMatching(/is remote/) })
    expect(await leftovers(remote, runId)).toEqual({ containers: 0, images: 0 })
  })

  it('Ctrl-C in the middle of a remote run exits 130 and leaves nothing on either daemon', async () => {
    const runId = testRunId('remote-int')
    const { dir, file } = tempScenario({ runs: 40, warmup: 0 })
    const cli = startCli(['run', '-s', file, '-R', 'docker', '--docker-host', daemon!.tcp!.host, '--out', join(dir, 'out'), '--run-id', runId], tlsEnv())
    await cli.waitForStderr(/samples/)
    cli.child.kill('SIGINT')
    const result = await cli.done
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(result.code).toBe(130)
    expect(await leftovers(remote, runId)).toEqual({ containers: 0, images: 0 })
    expect(await leftovers(local, runId)).toEqual({ containers: 0, images: 0 })
  })

  it('the docker CLI\'s current context (config.json + contexts/meta + contexts/tls) names the engine', async () => {
    const config = mkdtempSync(join(tmpdir(), 'isobench-dockercfg-'))
    try {
      const id = createHash('sha256').update('standin').digest('hex')
      mkdirSync(join(config, 'contexts/meta', id), { recursive: true })
      mkdirSync(join(config, 'contexts/tls', id, 'docker'), { recursive: true })
      writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'standin' }))
      writeFileSync(join(config, 'contexts/meta', id, 'meta.json'), JSON.stringify({ Name: 'standin', Metadata: {}, Endpoints: { docker: { Host: daemon!.tcp!.host, SkipTLSVerify: false } } }))
      for (const name of ['ca.pem', 'cert.pem', 'key.pem']) copyFileSync(join(daemon!.tcp!.certDir, name), join(config, 'contexts/tls', id, 'docker', name))
      const { dir, file } = tempScenario({ runs: 1, warmup: 0 })
      const result = await runCli(['run', '-s', file, '-R', 'docker', '--out', join(dir, 'out'), '--json'], { DOCKER_CONFIG: config, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_TLS_VERIFY: undefined })
      expect(result.code, result.stderr).toBe(0)
      const saved = JSON.parse(result.stdout)
      expect(saved.environment.runtimes.docker.details).toMatchObject({ dockerHost: daemon!.tcp!.host, dockerHostSource: 'context standin', remote: true })
    } finally {
      rmSync(config, { recursive: true, force: true })
    }
  })

  it('without the client certificate the engine refuses: one line, exit 2', async () => {
    const result = await runCli(['run', '-s', 'cold-start', '-R', 'docker', '-r', '1', '--docker-host', daemon!.tcp!.host, '--out', join(tmpdir(), 'isobench-never')], { DOCKER_TLS_VERIFY: undefined, DOCKER_CERT_PATH: undefined })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: .*Docker daemon not reachable at tcp:\/\/127\.0\.0\.1:\d+/m)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
