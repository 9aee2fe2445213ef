/** The isolation levels end to end: --runtime all, --pool, --node (never a timing assertion). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { RUNTIME_NAMES } from '../../src/runtimes/index.js'
import { REQUIRE_DOCKER, REQUIRE_LIMITS, REQUIRE_PLATFORMS, ROOT } from '../helpers.js'

const BIN = join(ROOT, 'bin/isobench.js')
const out = mkdtempSync(join(tmpdir(), 'isobench-levels-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function isobench(args: string[], env: Record<string, string> = {}) {
  return execa(BIN, args, { reject: false, env: { NO_COLOR: '1', ...env }, timeout: 300_000 })
}

interface Row {
  runtime: string
  status: string
  reason?: string
  info?: { details: Record<string, unknown> }
  summaries: Array<{ metric: string; n: number; median: number }>
  samples: Array<{ ok: boolean; error?: string }>
}
const rowsOf = (stdout: string): Row[] => JSON.parse(stdout).scenarios[0].runtimes
const median = (row: Row, metric: string) => row.summaries.find((s) => s.metric === metric)?.median

/** A second Node for the version matrix: ISOBENCH_NODE24, or where scripts/ci/levels.sh puts node@24. */
const OTHER_NODE = [process.env.ISOBENCH_NODE24, '/tmp/node24/node_modules/node/bin/node'].find((path) => path && existsSync(path))

describe('isobench run --runtime all', () => {
  it('gives every registered runtime a row, exits 0 with every row ok, and every level of this issue numbers with its node and V8', async () => {
    const result = await isobench(['run', '-s', 'cold-start', '--runtime', 'all', '-r', '1', '-w', '0', '--json', '--out', join(out, 'all'), ...(REQUIRE_LIMITS ? ['--require-limits'] : [])])
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode, result.stderr).toBe(0)
    const rows = rowsOf(result.stdout)
    expect(rows.map((r) => r.runtime)).toEqual(RUNTIME_NAMES)
    // Every row measured with no failed sample; only where CI does not require them may a platform be a skipped row.
    for (const row of rows) {
      const failed = row.samples.filter((s) => !s.ok).map((s) => s.error)
      if (row.status === 'skipped' && !REQUIRE_PLATFORMS) continue
      expect({ runtime: row.runtime, status: row.status, reason: row.reason, failed }).toEqual({ runtime: row.runtime, status: 'ok', reason: undefined, failed: [] })
    }
    if (REQUIRE_LIMITS) {
      for (const name of ['process', 'deno', 'workerd']) expect(rows.find((r) => r.runtime === name)!.info?.details).toMatchObject({ cgroup: expect.stringMatching(/^v[12]$/), cgroupPidsMax: expect.any(Number) })
    }
    const levels = ['process', 'worker', 'vm', 'isolate', 'isolate:context', ...(REQUIRE_DOCKER ? ['docker', 'docker:crun', 'docker:runsc'] : [])]
    for (const name of levels) {
      const row = rows.find((r) => r.runtime === name)!
      expect({ name, status: row.status, reason: row.reason }).toEqual({ name, status: 'ok', reason: undefined })
      expect(median(row, 'cold_start_ms')).toBeGreaterThan(0)
      expect(row.info?.details.node).toMatch(/^v\d+\./)
      expect(row.info?.details.v8).toMatch(/^\d+\.\d+/)
    }
    // a runtime that cannot run here is a skipped row with its fix, never an error: `all` names none of them
    for (const row of rows.filter((r) => r.status === 'skipped')) expect(row.reason).toBeTruthy()
  })
})

describe('isobench run --pool', () => {
  it('adds a +pool row beside each runtime, timed as a take, with the pool\'s memory beside it', async () => {
    const result = await isobench(['run', '-s', 'cold-start', '-R', 'process,isolate', '--pool', '2', '-r', '2', '-w', '0', '--json', '--out', join(out, 'pool')])
    expect(result.exitCode).toBe(0)
    const rows = rowsOf(result.stdout)
    expect(rows.map((r) => r.runtime)).toEqual(['process', 'process+pool', 'isolate', 'isolate+pool'])
    for (const name of ['process+pool', 'isolate+pool']) {
      const row = rows.find((r) => r.runtime === name)!
      expect(median(row, 'phase_take_ms')).toBeGreaterThanOrEqual(0)
      expect(median(row, 'memory_pool_bytes')).toBeGreaterThan(0)
      expect(row.info?.details.poolSize).toBe(2)
    }
    // structural, not a timing: a process pool holds two node processes, so more than one instance's RSS
    const processPool = rows.find((r) => r.runtime === 'process+pool')!
    expect(median(processPool, 'memory_pool_bytes')).toBeGreaterThan(median(processPool, 'memory_rss_bytes')!)
  })

  it('prints the pool rows and their memory column in the table', async () => {
    const result = await isobench(['run', '-s', 'cold-start', '-R', 'isolate+pool', '-r', '1', '-w', '0', '--verbose', '--out', join(out, 'pool-table')])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/│ isolate\+pool\s+│ 1 /)
    expect(result.stdout).toContain('pool holds')
    expect(result.stdout).toMatch(/^note: isolate\+pool: a pool of 2 instances started ahead; cold start = taking one/m)
  })

  it('rejects an unknown pooled runtime in one line with exit 2', async () => {
    const result = await isobench(['run', '-s', 'cold-start', '-R', 'isolat+pool', '-r', '1'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^error: unknown runtime "isolat\+pool"; did you mean "isolate"\?/m)
  })
})

describe('an OCI runtime the daemon lacks', () => {
  it('is an error with the fix when named, and a skipped row with the fix under --runtime all', async () => {
    // A stand-in daemon answering only what a probe asks (/_ping, /version, /info), with runc alone:
    // availability is what is tested here, nothing is measured against it.
    const socket = join(out, 'docker.sock')
    const server = createServer((request, response) => {
      const body = request.url?.includes('/_ping') ? 'OK'
        : request.url?.includes('/version') ? JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41' })
        : JSON.stringify({ DefaultRuntime: 'runc', Runtimes: { runc: { path: 'runc' } }, CgroupVersion: '1' })
      response.writeHead(200, { 'content-type': request.url?.includes('/_ping') ? 'text/plain' : 'application/json' })
      response.end(body)
    })
    await new Promise<void>((resolve) => server.listen(socket, resolve))
    try {
      const env = { DOCKER_HOST: `unix://${socket}` }
      const named = await isobench(['run', '-s', 'cold-start', '-R', 'docker:runsc', '-r', '1', '--out', join(out, 'lacks')], env)
      expect(named.exitCode).toBe(2)
      expect(named.stderr).toMatch(/^error: docker:runsc is not available: the Docker daemon has no "runsc" runtime \(it has: runc\)$/m)
      expect(named.stderr).toMatch(/^hint: apt-get install runsc; add "runsc": .*--network=none.*daemon\.json.*SIGHUP/m)
      const all = await isobench(['run', '-s', 'cold-start', '-R', 'all', '-r', '1', '-w', '0', '--json', '--out', join(out, 'lacks-all')], env)
      const crun = rowsOf(all.stdout).find((r) => r.runtime === 'docker:crun')!
      expect(crun).toMatchObject({ status: 'skipped', reason: 'the Docker daemon has no "crun" runtime (it has: runc)' })
      expect(rowsOf(all.stdout).find((r) => r.runtime === 'isolate')!.status).toBe('ok')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe.skipIf(!OTHER_NODE)('isobench run --node (Node version matrix)', () => {
  it('runs process (and docker) on the other node, in-process rows on the harness\'s, and says so', async () => {
    const names = REQUIRE_DOCKER ? 'process,docker,isolate' : 'process,isolate'
    const json = await isobench(['run', '-s', 'cold-start', '-R', names, '--node', OTHER_NODE!, '-r', '1', '-w', '0', '--json', '--out', join(out, 'node')])
    expect(json.exitCode).toBe(0)
    const { stdout: other } = await execa(OTHER_NODE!, ['-p', 'process.version + " " + process.versions.v8'])
    const [otherNode, otherV8] = other.trim().split(' ')
    const rows = rowsOf(json.stdout)
    for (const name of names.split(',').filter((n) => n !== 'isolate')) {
      expect(rows.find((r) => r.runtime === name)!.info?.details).toMatchObject({ node: otherNode, v8: otherV8 })
    }
    expect(rows.find((r) => r.runtime === 'isolate')!.info?.details).toMatchObject({ node: process.version, inHarness: true })
    const table = await isobench(['run', '-s', 'cold-start', '-R', 'process,isolate', '--node', OTHER_NODE!, '-r', '1', '-w', '0', '--verbose', '--out', join(out, 'node-table')])
    expect(table.stdout).toMatch(new RegExp(`│ process .*│ ${otherNode!.replace(/\./g, '\\.')}\\s+│`))
    expect(table.stdout).toMatch(/^node: isolate runs inside the isobench process, always on its node \(v\d+/m)
  })
})
