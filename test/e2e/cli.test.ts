/** The built CLI, end to end, on real runtimes (small runs; never a timing assertion). */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { SUMMARY_COLUMNS } from '../../src/report/csv.js'
import { ROOT } from '../helpers.js'

const BIN = join(ROOT, 'bin/isobench.js')
const out = mkdtempSync(join(tmpdir(), 'isobench-e2e-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Runs the CLI with a clean environment, never rejecting. */
function isobench(args: string[], env: Record<string, string> = {}) {
  return execa(BIN, args, { reject: false, env: { NO_COLOR: '1', ...env }, timeout: 120_000 })
}

describe('isobench run', () => {
  it('prints a table with one row per runtime and writes JSON and CSV', async () => {
    const dir = join(out, 'table')
    const result = await isobench(['run', '--scenario', 'cold-start', '--runtime', 'process,isolate', '--runs', '3', '--warmup', '1', '--out', dir])
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/│ process\s+│ 3 /)
    expect(result.stdout).toMatch(/│ isolate\s+│ 3 /)
    expect(result.stdout).toContain('(fastest)')
    const files = readdirSync(dir)
    const json = JSON.parse(readFileSync(join(dir, files.find((f) => f.endsWith('-cold-start.json'))!), 'utf8'))
    expect(json.schemaVersion).toBe(1)
    expect(json.complete).toBe(true)
    expect(json.environment.cpuCount).toBeGreaterThan(0)
    const processRow = json.scenarios[0].runtimes.find((r: { runtime: string }) => r.runtime === 'process')
    expect(processRow.samples).toHaveLength(4) // 1 warm-up + 3 measured
    expect(processRow.output).toEqual({ message: 'hello, isobench', length: 8 })
    const csv = readFileSync(join(dir, files.find((f) => f.endsWith('-cold-start.csv'))!), 'utf8').trim().split('\n')
    expect(csv[0]).toBe(SUMMARY_COLUMNS.join(','))
    expect(csv.some((line) => line.startsWith('cold-start,isolate,cold_start_ms,ms,3,'))).toBe(true)
    expect(csv.some((line) => line.startsWith('cold-start,process,memory_rss_bytes,bytes,3,'))).toBe(true)
  })

  it('--json prints the full result on stdout', async () => {
    const result = await isobench(['run', '-s', 'cold-start', '-R', 'isolate', '-r', '2', '-w', '0', '--out', join(out, 'json'), '--json'])
    expect(result.exitCode).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(json.scenarios[0].runtimes[0].summaries.find((s: { metric: string }) => s.metric === 'cold_start_ms').n).toBe(2)
  })

  it('skips an unreachable Docker with the reason and the fix, and goes on', async () => {
    const result = await isobench(['run', '-s', 'cold-start', '-r', '2', '-w', '0', '--out', join(out, 'nodocker')], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/docker\s+│ skipped: Docker daemon not reachable/)
    expect(result.stdout).toMatch(/│ isolate\s+│ 2 /)
  })

  it('fails with exit 2 and one line when an explicitly named runtime is unavailable', async () => {
    const result = await isobench(['run', '-s', 'cold-start', '-R', 'docker', '-r', '1', '--out', join(out, 'x')], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^error: docker is not available: Docker daemon not reachable/m)
    expect(result.stderr).toMatch(/^hint: start the Docker daemon/m)
    expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })
})

describe('bad input gets one line and exit 2', () => {
  it.each([
    [['run', '-s', 'cold-start', '--runs', '0'], /expected --runs to be an integer from 1/],
    [['run', '-s', 'cold-start', '--runs', 'ten'], /expected --runs to be an integer/],
    [['run', '-s', 'cold-start', '--runtime', 'isolat'], /unknown runtime "isolat"; did you mean "isolate"\?/],
    [['run', '-s', 'no-such-scenario'], /unknown scenario "no-such-scenario"/],
    [['run', '-s', './missing.json'], /scenario file \.\/missing\.json does not exist/],
    [['run', '-s', join(ROOT, 'test/fixtures/scenarios/bad-runs.json')], /bad-runs\.json: field "runs": expected an integer from 1/],
    [['run'], /required option '-s, --scenario/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('isobench %j', async (args, message) => {
    const result = await isobench(args)
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('help and list teach the tool', () => {
  it('--help shows commands and examples', async () => {
    const result = await isobench(['--help'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('isobench run --scenario cold-start')
    expect(result.stdout).toMatch(/Exit codes/)
  })

  it('list shows scenarios and runtimes with availability', async () => {
    const result = await isobench(['list'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('cold-start')
    expect(result.stdout).toMatch(/isolate\s+a fresh V8 isolate/)
    expect(result.stdout).toMatch(/NOT available: Docker daemon not reachable/)
  })
})
