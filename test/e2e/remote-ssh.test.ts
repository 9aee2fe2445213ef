/**
 * A Docker engine reached over ssh:// (`docker system dial-stdio` on the far side, as the docker CLI
 * does), stood in for by a private sshd on 127.0.0.1 in front of this machine's engine
 * (own-sshd.ts): a docker row measured through it, nothing left; and a host whose key is not in
 * known_hosts refused up front with one line and exit 2, as the docker CLI refuses it.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labelledContainers, REQUIRE_DOCKER } from '../helpers.js'
import { resultsIn, runCli, tempScenario, testRunId } from './cli.js'
import { ownSshdUnavailable, startOwnSshd, type OwnSshd } from './own-sshd.js'

const unavailable = ownSshdUnavailable()

describe('a Docker engine over ssh://', () => {
  if (unavailable && !REQUIRE_DOCKER) {
    it.skip(`private sshd: ${unavailable}`, () => {})
    return
  }
  let sshd: OwnSshd | undefined
  beforeAll(async () => {
    sshd = await startOwnSshd()
  })
  afterAll(async () => {
    await sshd?.destroy()
  })

  it('a docker row has numbers and cgroup-view memory from the engine; no container is left', async () => {
    const runId = testRunId('ssh')
    const { dir, file } = tempScenario({ runs: 2, warmup: 0 })
    const out = join(dir, 'out')
    const result = await runCli(['run', '-s', file, '-R', 'docker', '--docker-host', sshd!.url, '--verbose', '--out', out, '--run-id', runId], { HOME: sshd!.home, SSH_AUTH_SOCK: sshd!.agentSocket, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined })
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).not.toMatch(/DeprecationWarning/) // docker-modem's ssh: URL, dropped by connect.ts
    expect(result.stdout).toContain(`remote engine ${sshd!.url}: memory is the cgroup view`)
    const [saved] = resultsIn(out)
    const row = saved!.scenarios[0].runtimes[0]
    expect(row.status).toBe('ok')
    const samples = row.samples.filter((s: { ok: boolean }) => s.ok)
    expect(samples).toHaveLength(2)
    for (const sample of samples) expect(sample.metrics.memory_cgroup_bytes).toBeGreaterThan(1024 * 1024)
    expect(await labelledContainers(runId)).toBe(0)
  })

  it('a host key that is not in known_hosts: one line, exit 2, nothing run', async () => {
    const { dir, file } = tempScenario({ runs: 1, warmup: 0 })
    const home = join(dir, 'home-without-known-hosts')
    mkdirSync(home)
    const result = await runCli(['run', '-s', file, '-R', 'docker', '--docker-host', sshd!.url, '--out', join(dir, 'out')], { HOME: home, SSH_AUTH_SOCK: sshd!.agentSocket, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined })
    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr).toMatch(/^error: the ssh host key of \[127\.0\.0\.1\]:\d+ is not in ~\/\.ssh\/known_hosts$/m)
    expect(result.stderr).toMatch(/^hint: connect once with ssh -p \d+ root@127\.0\.0\.1 and accept its key/m)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
