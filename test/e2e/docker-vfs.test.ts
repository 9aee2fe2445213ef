/**
 * A Docker engine on the vfs storage driver (docker-in-docker setups, hosts without overlayfs): a
 * private daemon, never the shared one. vfs gives a container the image's own root directory, so the
 * image isobench builds must carry a root that the workload's user can enter (it carried the 0700 of
 * the temp dir it was built in, and every start failed on /sbin/docker-init: found on a cgroup v2
 * guest's dockerd, .ci/cgroup-v2-guest.mjs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REQUIRE_DOCKER } from '../helpers.js'
import { resultsIn, runCli, tempScenario } from './cli.js'
import { ownDockerdUnavailable, startOwnDockerd, type OwnDockerd } from './own-dockerd.js'

const unavailable = ownDockerdUnavailable()

describe('a Docker engine on the vfs storage driver', () => {
  if (unavailable && !REQUIRE_DOCKER) {
    it.skip(`private dockerd: ${unavailable}`, () => {})
    return
  }
  let daemon: OwnDockerd | undefined
  beforeAll(async () => {
    daemon = await startOwnDockerd({ storageDriver: 'vfs' })
  })
  afterAll(async () => {
    await daemon?.destroy()
  })

  it('builds the node image there and the docker row measures, as nobody, read-only, with its init', async () => {
    const { dir, file } = tempScenario({ runs: 2, warmup: 0 })
    const out = `${dir}/out`
    const result = await runCli(['run', '-s', file, '-R', 'docker', '--docker-host', daemon!.host, '--out', out])
    expect(result.code, result.stderr).toBe(0)
    const [saved] = resultsIn(out)
    expect(saved!.environment.runtimes.docker.details.storageDriver).toBe('vfs')
    const row = saved!.scenarios[0].runtimes[0]
    expect(row.status, row.reason).toBe('ok')
    expect(row.samples.filter((s: { ok: boolean }) => s.ok)).toHaveLength(2)
  })
})
