/**
 * The regression gate, end to end, on real runs of the built CLI (process and isolate; docker too
 * when it is here, and always in CI with ISOBENCH_REQUIRE_DOCKER=1). Both ways: runs of the same
 * build are not flagged, and a real slowdown (a workload that busy-waits ~25 ms at load, under the
 * same scenario name) is. No timing is asserted: only verdicts and exit codes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { labelledContainers, REQUIRE_DOCKER, ROOT } from '../helpers.js'

const BIN = join(ROOT, 'bin/isobench.js')
const SLOW = join(ROOT, 'test/fixtures/scenarios/cold-start-slow.json')
const out = mkdtempSync(join(tmpdir(), 'isobench-compare-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Runs the CLI with a clean environment (no GITHUB_ACTIONS unless given), never rejecting. */
function isobench(args: string[], env: Record<string, string> = {}) {
  return execa(BIN, args, { reject: false, extendEnv: false, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...env }, timeout: 300_000 })
}

let counter = 0
/** One real run into a fresh directory; returns the result file (and fails the test on a bad exit). */
async function run(scenario: string, runtimes: string, runs: number, extra: string[] = []): Promise<string> {
  const dir = join(out, `run-${++counter}`)
  const result = await isobench(['run', '-s', scenario, '-r', runtimes, '--runs', String(runs), '--warmup', '1', '--out', dir, '-q', ...extra])
  expect(result.stderr).not.toMatch(/internal error/)
  expect(result.exitCode, result.stderr).toBe(0)
  return join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!)
}

function comparisons(stdout: string): Array<{ runtime: string; metric: string; verdict: string }> {
  return JSON.parse(stdout).comparisons
}

describe('a real slowdown fails the gate', () => {
  let normal = ''
  beforeAll(async () => {
    // 8 runs a side: the slow isolate starts in ≥ 25 ms (a wall-clock busy wait that load only
    // lengthens) against ~3 ms, so even with a few load spikes in the normal run the whole interval
    // of the ratio stays far above 1.1; process (+25 ms on ~50–150 ms) may be inconclusive.
    normal = await run('cold-start', 'process,isolate', 8)
  })

  it('run --baseline exits 1 and names the regression in the table', async () => {
    const dir = join(out, 'slow-run')
    const result = await isobench(['run', '-s', SLOW, '-r', 'process,isolate', '--runs', '8', '--warmup', '1', '--out', dir, '-q', '--baseline', normal])
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/│ cold-start │ isolate │ cold_start_ms\s+│.*│ regressed\s+│/)
    expect(result.stdout).toMatch(/^REGRESSION: \d+ regressed/m)
    expect(result.stderr).toMatch(/^warning: environment differs from the baseline: scenario cold-start: workload source differs \(hello\.js sha256 \w+ → hello-slow\.js/m)

    const slow = join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!)
    const json = await isobench(['compare', normal, slow, '--format', 'json'])
    expect(json.exitCode).toBe(1)
    expect(comparisons(json.stdout).find((c) => c.runtime === 'isolate' && c.metric === 'cold_start_ms')?.verdict).toBe('regressed')

    const md = await isobench(['compare', normal, slow, '--format', 'md', '--metric', 'cold_start_ms'])
    expect(md.exitCode).toBe(1)
    expect(md.stdout).toMatch(/^### isobench compare: regression/m)
    expect(md.stdout).toMatch(/^\| cold-start \| isolate \| cold_start_ms \|.*\| \*\*regressed\*\* \|$/m)

    const github = await isobench(['compare', normal, slow, '--metric', 'cold_start_ms', '--runtime', 'isolate'], { GITHUB_ACTIONS: 'true' })
    expect(github.exitCode).toBe(1)
    expect(github.stdout).toMatch(/^::error title=isobench%3A performance regression::cold-start\/isolate cold_start_ms: /m)
    expect(github.stdout).toMatch(/^::warning title=isobench%3A environment differs from the baseline::scenario cold-start: workload source differs/m)
  })

  it('the same result compared with itself passes', async () => {
    const result = await isobench(['compare', normal, normal])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^no regression \(/m)
    expect(result.stderr).toBe('')
  })

  it('warns about a different environment and still compares', async () => {
    const doc = JSON.parse(readFileSync(normal, 'utf8'))
    doc.environment.node = 'v99.0.0'
    doc.environment.cpuModel = 'Some Other CPU'
    const changed = join(out, 'changed-env.json')
    writeFileSync(changed, JSON.stringify(doc))
    const result = await isobench(['compare', normal, changed])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toMatch(/^warning: environment differs from the baseline: CPU: .+ → Some Other CPU$/m)
    expect(result.stderr).toMatch(/^warning: environment differs from the baseline: Node: v\d+\.\d+\.\d+ → v99\.0\.0$/m)
  })

  it('bad input is one line, a hint and exit 2', async () => {
    const doc = JSON.parse(readFileSync(normal, 'utf8'))
    const write = (name: string, content: string) => {
      const path = join(out, name)
      writeFileSync(path, content)
      return path
    }
    const renamed = write('renamed.json', JSON.stringify({ ...doc, scenarios: doc.scenarios.map((s: object) => ({ ...s, name: 'warm' })) }))
    const future = write('future.json', JSON.stringify({ ...doc, schemaVersion: 99 }))
    const broken = write('broken.json', '{"schemaVersion": 1, "scen')
    const cases: Array<[string[], RegExp]> = [
      [['compare', join(out, 'missing.json'), normal], /^error: baseline file .*missing\.json does not exist$/m],
      [['compare', normal, broken], /^error: current .*broken\.json is not valid JSON/m],
      [['compare', future, normal], /^error: baseline .*future\.json has schemaVersion 99; this isobench reads version 1$/m],
      [['compare', normal, renamed], /^error: nothing in common to compare: baseline has cold-start\/\{process,isolate\}, current has warm\/\{process,isolate\}$/m],
      [['compare', normal, normal, '--metric', 'cold_start_sec'], /^error: --metric cold_start_sec: not measured in either file$/m],
      [['compare', normal, normal, '--threshold', '10'], /^error: expected --threshold to be a percentage/m],
      [['compare', normal, normal, '--format', 'html'], /argument 'html' is invalid/],
      [['run', '-s', 'cold-start', '--baseline', join(out, 'missing.json')], /^error: baseline file .*missing\.json does not exist$/m],
    ]
    const results = await Promise.all(cases.map(([args]) => isobench(args)))
    for (const [i, [args, message]] of cases.entries()) {
      const result = results[i]!
      expect(result.exitCode, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(message)
      if (!args.includes('--format')) expect(result.stderr).toMatch(/^hint: /m)
      expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
    }
  })
})

describe('runs of the same build are not flagged', () => {
  // Each side of a pair pools 3 alternated runs (order A B B A A B) of 4 measured cold starts each,
  // compared run by run (each run's median is one sample: the runs are the independent units).
  // Why alternated: on this shared 2-core machine back-to-back single runs differ by the machine's
  // load, not by the build (process cold-start medians of 10 consecutive runs ranged 45–152 ms at
  // load average 7), which no two-sample statistic can tell from a slowdown; alternating puts the
  // drift on both sides alike, as benchstat advises. Load bursts here last a few seconds, as long
  // as a run, so now and then all three runs of one side catch one (about 2% of pairs). A gate on
  // such a machine confirms a regression with fresh runs before failing, as scripts/gate.sh
  // does: a burst passes, a slower build stays slower. So a pair counts as a false alarm only when
  // its confirmation is flagged too; the unconfirmed flags are printed. The count must be 0.
  // Docker (~0.3–1 s a cold start here) gets one pair of its own, to keep the suite fast.
  const PAIRS = 4
  const ORDER = ['a', 'b', 'b', 'a', 'a', 'b'] as const

  /** One alternated pair of the same build: undefined when not flagged, else what was flagged. */
  async function flaggedPair(runtimes: string): Promise<string | undefined> {
    const sides: Record<'a' | 'b', string[]> = { a: [], b: [] }
    for (const side of ORDER) sides[side].push(await run('cold-start', runtimes, 4))
    const result = await isobench(['compare', sides.a.join(','), sides.b.join(','), '--format', 'json'])
    expect(result.stderr).not.toMatch(/^error/m)
    const compared = comparisons(result.stdout)
    expect(new Set(compared.map((c) => c.runtime))).toEqual(new Set(runtimes.split(',')))
    if (runtimes.includes('docker')) {
      for (const file of [...sides.a, ...sides.b]) expect(await labelledContainers(JSON.parse(readFileSync(file, 'utf8')).runId)).toBe(0)
    }
    const regressed = compared.filter((c) => c.verdict === 'regressed')
    if (result.exitCode === 0 && regressed.length === 0) return undefined
    return `${runtimes}: exit ${result.exitCode}, regressed ${regressed.map((c) => `${c.runtime} ${c.metric}`).join(', ')}`
  }

  /** Pairs until done; a flagged pair is measured again, and only a confirmed flag is a false alarm. */
  async function falseAlarms(runtimes: string, pairs: number): Promise<string[]> {
    const confirmed: string[] = []
    for (let pair = 0; pair < pairs; pair++) {
      const first = await flaggedPair(runtimes)
      if (!first) continue
      const again = await flaggedPair(runtimes)
      console.log(`compare: pair ${pair} flagged (${first}); confirmation: ${again ?? 'not flagged'}`)
      if (again) confirmed.push(`${first}; again: ${again}`)
    }
    console.log(`compare: ${confirmed.length} confirmed false alarm(s) in ${pairs} pairs (${runtimes})`)
    return confirmed
  }

  it(`${PAIRS} pairs on process and isolate: zero false alarms at the default threshold`, { timeout: 600_000 }, async () => {
    expect(await falseAlarms('process,isolate', PAIRS)).toEqual([])
  })

  it('a pair on docker: no false alarm at the default threshold', { timeout: 600_000 }, async (context) => {
    const dockerHere = REQUIRE_DOCKER || (await createDockerRuntime({ nodePath: process.execPath }).probe()).available
    if (!dockerHere) context.skip()
    expect(await falseAlarms('docker', 1)).toEqual([])
  })
})
