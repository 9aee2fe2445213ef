/**
 * Faults in the workload: each one is a failed sample with its reason, the harness survives (exit
 * 3 = partial, a full result on stdout) and nothing is left behind. Real runtimes, the built CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import Docker from 'dockerode'
import { describe, expect, it, onTestFinished } from 'vitest'
import { childCgroupsUnavailable } from '../../src/host/cgroup-limits.js'
import { runMarker } from '../../src/host/proc.js'
import { isRoot } from '../../src/host/user.js'
import { createDenoRuntime } from '../../src/runtimes/deno/index.js'
import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { createWorkerdRuntime } from '../../src/runtimes/workerd/index.js'
import { labelledContainers, needLimits, REQUIRE_DOCKER, REQUIRE_LIMITS, REQUIRE_PLATFORMS } from '../helpers.js'
import { BIN, cgroupsOf, processesMentioning, runCli, tempScenario, testRunId } from './cli.js'

const dockerProbe = await createDockerRuntime({ nodePath: process.execPath }).probe()
const withDocker = dockerProbe.available || REQUIRE_DOCKER
const noCgroup = await childCgroupsUnavailable()
const denoProbe = await createDenoRuntime({ nodePath: process.execPath }).probe()
const workerdProbe = await createWorkerdRuntime({ nodePath: process.execPath }).probe()

type Row = { runtime: string; status: string; samples: Array<{ ok: boolean; error?: string }>; output?: any }

/** Runs a workload fixture on the runtimes; returns the exit code, the rows and the leftovers. */
async function runFault(workload: string, runtimes: string[], extra: string[] = [], env: Record<string, string> = {}) {
  const runId = testRunId('fault')
  const { dir, file, workloadPath } = tempScenario({ runs: 1, warmup: 0 }, `test/fixtures/workloads/${workload}.js`)
  const result = await runCli(['run', '-s', file, '-R', runtimes.join(','), '--json', '--timeout', '3000', '--out', join(dir, 'out'), '--run-id', runId, ...extra], env)
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
  const parsed = JSON.parse(result.stdout) as { scenarios: Array<{ runtimes: Row[] }>; environment: Record<string, any> }
  const rows = Object.fromEntries(parsed.scenarios[0]!.runtimes.map((row) => [row.runtime, row]))
  const containers = withDocker ? await labelledContainers(runId) : 0
  const processes = processesMentioning(workloadPath)
  const cgroups = cgroupsOf(runId)
  return { code: result.code, rows, environment: parsed.environment, leftovers: { containers, processes, cgroups }, runId }
}

const docker = withDocker ? ['docker'] : []

describe('a faulty workload is a failed sample with its reason; the harness survives', () => {
  if (!withDocker) it.skip(`docker faults: docker is not available here (${dockerProbe.available ? '' : dockerProbe.reason})`, () => {})

  // [fixture, runtimes, expected reason per runtime]
  const cases: Array<[string, string[], Record<string, RegExp>]> = [
    ['throws', [...docker, 'process', 'isolate'], { docker: /boom from the workload/, process: /boom from the workload/, isolate: /boom from the workload/ }],
    ['spin', [...docker, 'process', 'isolate'], { docker: /no answer within 3000 ms \(timeout\)/, process: /no answer within 3000 ms \(timeout\)/, isolate: /timed out|timeout/i }],
    ['never', [...docker, 'process', 'isolate'], { docker: /no answer within 3000 ms \(timeout\)/, process: /no answer within 3000 ms \(timeout\)/, isolate: /no answer within 3000 ms \(timeout\)/ }],
    ['hog', [...docker, 'process', 'isolate'], { docker: /heap out of memory|out of memory/, process: /heap out of memory/, isolate: /memory limit/ }],
  ]
  it.each(cases)('%s', async (workload, runtimes, reasons) => {
    const { code, rows, leftovers } = await runFault(workload, runtimes)
    expect(code).toBe(3)
    for (const runtime of runtimes) {
      expect(rows[runtime]!.status).toBe('failed')
      expect(rows[runtime]!.samples).toHaveLength(1)
      expect(rows[runtime]!.samples[0]!.ok).toBe(false)
      expect(rows[runtime]!.samples[0]!.error).toMatch(reasons[runtime]!)
    }
    expect(leftovers).toEqual({ containers: 0, processes: [], cgroups: [] })
  })

  it('memory outside the V8 heap (typed arrays) is stopped by the cgroup (docker, process) and memoryLimit (isolate)', async (t) => {
    needLimits(noCgroup, () => t.skip()) // without a cgroup a child process has no limit on buffers
    const runtimes = [...docker, 'process', 'isolate']
    const { code, rows, leftovers, environment } = await runFault('hog-buffers', runtimes)
    expect(code).toBe(3)
    // What the kernel read back for a child's group, recorded for the row and in the hardening record.
    const readBack = { cgroup: expect.stringMatching(/^v[12]$/), cgroupPidsMax: 64, cgroupMemoryMaxBytes: expect.any(Number) }
    expect(environment.runtimes.process.details).toMatchObject(readBack)
    expect(environment.hardening.process).toMatchObject({ cgroup: readBack.cgroup, cgroupPidsLimit: 64, cgroupMemoryBytes: environment.runtimes.process.details.cgroupMemoryMaxBytes })
    if (withDocker) expect(rows.docker!.samples[0]!.error).toMatch(/out of memory \(its memory limit\)/)
    expect(rows.process!.samples[0]!.error).toMatch(/SIGKILL, out of memory: the cgroup memory limit/)
    // isolated-vm refuses the allocation beyond memoryLimit (or disposes the isolate)
    expect(rows.isolate!.samples[0]!.error).toMatch(/Array buffer allocation failed|memory limit/)
    expect(leftovers).toEqual({ containers: 0, processes: [], cgroups: [] })
  })

  it('deno and workerd children are held by the same cgroup: buffers beyond the memory limit are killed there', async (t) => {
    needLimits(noCgroup, () => t.skip())
    const runtimes = [...(denoProbe.available || REQUIRE_PLATFORMS ? ['deno'] : []), ...(workerdProbe.available || REQUIRE_PLATFORMS ? ['workerd'] : [])]
    if (runtimes.length === 0) t.skip()
    const { code, rows, leftovers, environment } = await runFault('hog-buffers', runtimes)
    expect(code).toBe(3)
    for (const runtime of runtimes) {
      expect(rows[runtime]!.samples[0]!.ok).toBe(false)
      expect(rows[runtime]!.samples[0]!.error).toMatch(/SIGKILL, out of memory: the cgroup memory limit/)
    }
    expect(environment.hardening.process.appliesTo).toEqual(['process', 'deno', 'workerd'])
    expect(leftovers).toEqual({ containers: 0, processes: [], cgroups: [] })
  })

  it('a fork bomb is held by the pids limit, timed out, and every child is killed', async (t) => {
    // Without child cgroups docker still holds its own fork bomb (unless CI requires the limits).
    if (!withDocker || REQUIRE_LIMITS) needLimits(noCgroup, () => t.skip())
    const runtimes = [...docker, ...(noCgroup ? [] : ['process']), 'isolate']
    const { code, rows, leftovers } = await runFault('forkbomb', runtimes)
    expect(code).toBe(3)
    for (const runtime of runtimes.filter((r) => r !== 'isolate')) expect(rows[runtime]!.samples[0]!.error).toMatch(/timeout/)
    // In an isolate the same text cannot import node:child_process: that is its failure.
    expect(rows.isolate!.samples[0]!.ok).toBe(false)
    expect(leftovers).toEqual({ containers: 0, processes: [], cgroups: [] })
  })

  it('isolate:snapshot: a build that spins or allocates only at snapshot time fails its row with why, and its child is gone', async () => {
    for (const [workload, reason] of [['snapshot-spin', /snapshot build did not finish within 3000 ms \(timeout\)/], ['snapshot-hog', /snapshot build ran out of memory/]] as const) {
      const { code, rows, leftovers, runId } = await runFault(workload, ['isolate:snapshot', 'isolate'])
      expect(code).toBe(3)
      expect(rows['isolate:snapshot']).toMatchObject({ status: 'failed', reason: expect.stringMatching(reason) })
      expect(rows.isolate!.status).toBe('ok') // the harness went on
      expect(processesMentioning(runMarker(runId))).toEqual([])
      expect(leftovers).toEqual({ containers: 0, processes: [], cgroups: [] })
    }
  })

  it.runIf(withDocker)('docker: create succeeds but start fails (an image without node): a failed sample, no container left', async () => {
    const tag = `isobench-test-nonode:${testRunId('img')}`
    const dir = mkdtempSync(join(tmpdir(), 'isobench-nonode-'))
    writeFileSync(join(dir, 'README'), 'an image without node\n')
    const tar = join(dir, 'image.tar')
    execFileSync('tar', ['-C', dir, '-cf', tar, 'README'])
    const api = new Docker()
    const progress = await api.importImage(tar, { repo: tag.split(':')[0], tag: tag.split(':')[1] })
    await new Promise((resolve, reject) => api.modem.followProgress(progress, (error) => (error ? reject(error) : resolve(null))))
    try {
      const { code, rows, leftovers } = await runFault('throws', ['docker', 'process'], ['--image', tag])
      expect(code).toBe(3)
      expect(rows.docker!.samples[0]!.error).toMatch(/executable file not found|no such file/i)
      expect(rows.process!.samples[0]!.error).toMatch(/boom/) // the other runtime is unaffected
      expect(leftovers).toEqual({ containers: 0, processes: [], cgroups: [] })
    } finally {
      await api.getImage(tag).remove({ force: true }).catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('hardened by default: the host environment does not reach workloads', () => {
  const runtimes = [...docker, 'process', 'isolate']
  it('only PATH is visible in process and docker; nothing in an isolate', async () => {
    const { code, rows, environment } = await runFault('env', runtimes, [], { ISOBENCH_CANARY_SECRET: 'leaked' })
    expect(code).toBe(0)
    expect(Object.keys(rows.process!.output.env)).toEqual(['PATH'])
    if (withDocker) {
      // Docker adds HOSTNAME (the container's id) and HOME of its own; nothing comes from the host.
      expect(Object.keys(rows.docker!.output.env).sort()).toEqual(['HOME', 'HOSTNAME', 'PATH'])
      expect(rows.docker!.output.env.HOSTNAME).not.toBe(hostname())
    }
    expect(rows.isolate!.output.env).toBeNull()
    expect(environment.hardening.relaxed).toEqual([])
    expect(environment.hardening.process.minimalEnv).toBe(true)
  })

  it('--relax env lets it through, and the result records that it was relaxed', async () => {
    const { rows, environment } = await runFault('env', [...docker, 'process'], ['--relax', 'env'], { ISOBENCH_CANARY_SECRET: 'leaked' })
    for (const runtime of [...docker, 'process']) expect(rows[runtime]!.output.env.ISOBENCH_CANARY_SECRET).toBe('leaked')
    expect(environment.hardening.relaxed).toEqual(['env'])
    expect(environment.hardening.container.minimalEnv).toBe(false)
  })

  it('--no-harden relaxes every hardening and records each', async () => {
    const { code, environment, rows } = await runFault('env', [...docker, 'process'], ['--no-harden'])
    expect(code, JSON.stringify(Object.values(rows).map((row) => [row.runtime, row.samples.map((s) => s.error)]))).toBe(0)
    expect(environment.hardening.relaxed).toEqual(['network', 'readonly', 'caps', 'pids', 'memory', 'env', 'user', 'logs', 'cgroup'])
    expect(environment.hardening.container).toMatchObject({ network: 'default', readOnlyRootfs: false, capDropAll: false, pidsLimit: null, memoryBytes: null })
    expect(environment.hardening.process).toMatchObject({ heapCapMb: null, cgroupPidsLimit: null })
  })
})

describe.skipIf(!isRoot())('as root, a node that nobody (65534) cannot run', () => {
  /** A copy of this node in a fresh 0700 directory: root runs it, nobody gets EACCES at exec. */
  const closedNode = () => {
    const dir = mkdtempSync(join(tmpdir(), 'isobench-test-closed-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const node = join(dir, 'node')
    copyFileSync(process.execPath, node)
    chmodSync(node, 0o755)
    return node
  }
  const refusal = (node: string) => `children run as 65534:65534 (the harness is root), who cannot run ${node} (EACCES: a directory on its path or the file is closed to other users)`
  const fix = 'put node where every user can run it (not under a 0700 directory such as /root), or pass --relax user'

  it('skips the process row up front with the reason and the fix; named, it is exit 2; --relax user runs it', async () => {
    const node = closedNode()
    const { dir, file } = tempScenario({ runs: 1, warmup: 0, runtimes: ['process', 'isolate'] })
    const skipped = await runCli(['run', '-s', file, '--node', node, '--json', '--out', join(dir, 'out')])
    expect(skipped.code).toBe(0)
    const rows = Object.fromEntries((JSON.parse(skipped.stdout) as { scenarios: Array<{ runtimes: Row[] }> }).scenarios[0]!.runtimes.map((row) => [row.runtime, row]))
    expect(rows.process).toMatchObject({ status: 'skipped', reason: refusal(node), fix })
    expect(rows.isolate!.status).toBe('ok')
    const named = await runCli(['run', '-s', file, '-R', 'process', '--node', node, '--out', join(dir, 'out')])
    expect(named.code).toBe(2)
    expect(named.stderr).toContain(`error: process is not available: ${refusal(node)}\nhint: ${fix}`)
    expect(named.stderr).not.toMatch(/\n\s+at /)
    const relaxed = await runCli(['run', '-s', file, '-R', 'process', '--node', node, '--relax', 'user', '--json', '--out', join(dir, 'out')])
    expect(relaxed.code).toBe(0)
  })

  it('isolate:snapshot, whose build child is the harness\'s node run as nobody, says the same when that node is closed', () => {
    const node = closedNode()
    const { dir, file } = tempScenario({ runs: 1, warmup: 0 })
    const named = spawnSync(node, ['--no-node-snapshot', BIN, 'run', '-s', file, '-R', 'isolate:snapshot', '--out', join(dir, 'out')], { encoding: 'utf8' })
    expect(named.status).toBe(2)
    expect(named.stderr).toContain(`error: isolate:snapshot is not available: ${refusal(node)}\nhint: ${fix}`)
  })
})
