/**
 * The self image: `isobench image build --self` builds it from this machine; `docker run --rm` of it
 * prints a result that is valid against the schema, and with the host's Docker socket mounted it
 * measures the docker row on that host too (its memory: the cgroup view from the Engine API).
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import Docker from 'dockerode'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkResultSchema } from '../../src/result-file.js'
import { REQUIRE_DOCKER } from '../helpers.js'
import { runCli, testRunId } from './cli.js'

const run = promisify(execFile)
const docker = new Docker()
const dockerUp = await docker.ping().then(() => true, () => false)
const hasCli = await run('docker', ['version', '--format', '{{.Client.Version}}']).then(() => true, () => false)

describe('the self image', () => {
  if ((!dockerUp || !hasCli) && !REQUIRE_DOCKER) {
    it.skip('needs a Docker daemon and the docker CLI', () => {})
    return
  }
  let image = ''
  beforeAll(async () => {
    const built = await runCli(['image', 'build', '--self'])
    expect(built.code, built.stderr).toBe(0)
    image = /^(isobench-self:\S+) sha256:/m.exec(built.stdout)![1]!
  }, 300_000)

  it('docker run --rm IMAGE run -s cold-start --runtime process,isolate --json prints a valid result', async () => {
    const { stdout } = await run('docker', ['run', '--rm', image, 'run', '-s', 'cold-start', '--runtime', 'process,isolate', '-r', '2', '-w', '0', '--json', '-q'], { maxBuffer: 64 * 1024 * 1024 })
    const result = checkResultSchema(JSON.parse(stdout), 'the self image\'s result')
    const rows = result.scenarios[0]!.runtimes
    expect(rows.map((r) => [r.runtime, r.status])).toEqual([['process', 'ok'], ['isolate', 'ok']])
    for (const row of rows) expect(row.samples.filter((s) => s.ok)).toHaveLength(2)
    expect(result.environment.isolatedVm).toBeTruthy()
  }, 120_000)

  it('with the host\'s Docker socket mounted it measures the docker row there and leaves no container', async () => {
    const runId = testRunId('self')
    const { stdout } = await run('docker', ['run', '--rm', '-v', '/var/run/docker.sock:/var/run/docker.sock', '-e', 'ISOBENCH_HOST=self-test', image, 'run', '-s', 'cold-start', '--runtime', 'docker', '-r', '1', '-w', '0', '--json', '-q', '--run-id', runId], { maxBuffer: 64 * 1024 * 1024 })
    const result = checkResultSchema(JSON.parse(stdout), 'the self image\'s result')
    expect(result.environment.hostname).toBe('self-test')
    const [row] = result.scenarios[0]!.runtimes
    expect(row!.status).toBe('ok')
    const sample = row!.samples.find((s) => s.ok)!
    expect(sample.metrics.cold_start_ms).toBeGreaterThan(0)
    expect(sample.metrics.memory_cgroup_bytes).toBeGreaterThan(1024 * 1024) // from the Engine API: the container's pids are not in this one's /proc
    const filters = { label: [`isobench=${runId}`] }
    expect(await docker.listContainers({ all: true, filters })).toEqual([])
    expect(await docker.listImages({ all: true, filters: { label: [`isobench.layer=${runId}`] } })).toEqual([])
    expect(await docker.listContainers({ all: true, filters: { label: [`isobench.layer=${runId}`] } })).toEqual([])
  }, 120_000)
})
