/**
 * The regression gate, end to end, on real runs of the built CLI (process and isolate): a real slowdown (a workload
 * that busy-waits ~25 ms at load, under the same scenario name) is flagged. How often runs of the
 * same build are flagged (a few % of pairs here) is a statistical study: `npm run bench:false-alarms`
 * (src/bench/false-alarms.ts). No timing is asserted: only verdicts and exit codes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers.js'

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
  const result = await isobench(['run', '-s', scenario, '-R', runtimes, '--runs', String(runs), '--warmup', '1', '--out', dir, '-q', ...extra])
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
    const result = await isobench(['run', '-s', SLOW, '-R', 'process,isolate', '--runs', '8', '--warmup', '1', '--out', dir, '-q', '--baseline', normal])
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
