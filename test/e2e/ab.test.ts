/**
 * `isobench ab` end to end, on real runs of the built CLI: an A/A run passes, a head whose workload
 * busy-waits 25 ms at every start fails (exit 1), bad variants are one line and exit 2, and an
 * interrupted run keeps both sides' samples. No timing is asserted: only verdicts, files and codes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers.js'
import { runCli, startCli } from './cli.js'

const SLOW = resolve(ROOT, 'test/fixtures/workloads/hello-slow.js')
const out = mkdtempSync(join(tmpdir(), 'isobench-ab-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))
const env = { NO_COLOR: '1', GITHUB_ACTIONS: undefined }
const filesIn = (dir: string) => readdirSync(dir).sort()
const read = (dir: string, suffix: string) => JSON.parse(readFileSync(join(dir, filesIn(dir).find((f) => f.endsWith(suffix))!), 'utf8'))

describe('isobench ab', () => {
  it('passes an A/A run, says the variants are the same, and saves both sides, the report and the step summary', async () => {
    const dir = join(out, 'aa')
    const summary = join(out, 'aa-summary.md')
    const result = await runCli(['ab', '-s', 'cold-start', '--base', '.', '--head', '.', '-R', 'isolate,process', '--runs', '16', '--warmup', '1', '--out', dir], { ...env, GITHUB_STEP_SUMMARY: summary })
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/^warning: --base \. and --head \. are the same .*running them as an A\/A test$/m)
    expect(result.stdout).toMatch(/^ab: base \. → head \., measured in the same run, paired by round/)
    expect(result.stdout).toMatch(/│ cold-start │ isolate │ cold_start_ms\s+│ [\d.]+ ms \(16 rounds\)/)
    expect(result.stdout).toMatch(/^no regression \(/m)
    const base = read(dir, '-base.json')
    const head = read(dir, '-head.json')
    expect([base.complete, head.complete]).toEqual([true, true])
    expect(base.runId).toBe(head.runId)
    // Both sides sampled in the same rounds: the same indices, warm-up first.
    const indices = (r: any) => r.scenarios[0].runtimes.find((x: any) => x.runtime === 'isolate').samples.map((s: any) => s.index)
    expect(indices(base)).toEqual(Array.from({ length: 17 }, (_, i) => i))
    expect(indices(head)).toEqual(indices(base))
    expect(read(dir, '-ab.json')).toMatchObject({ kind: 'isobench-compare', mode: 'ab', regressed: false })
    // --summary's default: the Markdown report appended to $GITHUB_STEP_SUMMARY, the table still on stdout.
    expect(readFileSync(summary, 'utf8')).toMatch(/^### isobench ab: no regression$/m)
  })

  it('fails a head whose workload adds 25 ms to every start (exit 1), in JSON too, with --precision', async () => {
    const dir = join(out, 'slow')
    const result = await runCli(['ab', '-s', 'cold-start', '--base', '.', '--head', `workload=${SLOW}`, '-R', 'isolate', '--precision', '5%', '--min-runs', '5', '--max-runs', '20', '--format', 'json', '--out', dir, '-q'], env)
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.code, result.stderr).toBe(1)
    const report = JSON.parse(result.stdout)
    const cold = report.comparisons.find((c: any) => c.metric === 'cold_start_ms')
    expect(cold).toMatchObject({ runtime: 'isolate', level: 'rounds', verdict: 'regressed', stopped: { target: 0.05 } })
    expect(['precision', 'max-runs', 'max-time']).toContain(cold.stopped.reason)
    expect(report.differences).toEqual([expect.stringMatching(/workload source differs \(hello\.js .* → hello-slow\.js/)])
  })

  it('says in one line (exit 2) when a variant directory lacks the scenario or the variants run other runtimes', async () => {
    const empty = mkdtempSync(join(out, 'empty-'))
    const missing = await runCli(['ab', '-s', 'cold-start', '--base', empty, '--head', '.', '-R', 'isolate'], env)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe(`error: --base ${empty} has no scenario cold-start (looked for ${join(empty, 'scenarios/cold-start.json')})\nhint: give --scenario as a path that exists in both variants, e.g. --scenario ./bench/cold-start.json\n`)

    const [a, b] = ['a', 'b'].map((name) => join(out, `variant-${name}`))
    for (const [dir, runtimes] of [[a, ['process', 'isolate']], [b, ['isolate']]] as const) {
      mkdirSync(join(dir, 'bench'), { recursive: true })
      writeFileSync(join(dir, 'bench/hello.js'), readFileSync(join(ROOT, 'scenarios/workloads/hello.js')))
      writeFileSync(join(dir, 'bench/s.json'), JSON.stringify({ name: 's', measure: 'cold-start', workload: 'hello.js', runtimes }))
    }
    const other = await runCli(['ab', '-s', './bench/s.json', '--base', a, '--head', b], env)
    expect(other.code).toBe(2)
    expect(other.stderr).toMatch(/^error: runtimes missing in one variant: process only in base \(.*variant-a\/bench\/s\.json\)\nhint: name the runtimes both variants run: --runtime isolate\n$/)

    const noNode = await runCli(['ab', '-s', 'cold-start', '--base', '.', '--head', 'node=/bin/false', '-R', 'process', '--runs', '3'], env)
    expect(noNode.code).toBe(2)
    expect(noNode.stderr).toMatch(/^error: runtime process runs for base but not for head \(node=\/bin\/false\): cannot run \/bin\/false\n/)
  })

  it('saves both sides\' samples as complete: false when interrupted (exit 130)', async () => {
    const dir = join(out, 'interrupted')
    const live = startCli(['ab', '-s', 'cold-start', '--base', '.', '--head', `workload=${SLOW}`, '-R', 'isolate', '--runs', '5000', '--warmup', '0', '--out', dir], env)
    await live.waitForStderr(/ab \[\w+ isolate\]: \d+\/10000 samples/)
    await new Promise((r) => setTimeout(r, 1500)) // a few rounds are on disk
    live.child.kill('SIGINT')
    const result = await live.done
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.code).toBe(130)
    const base = read(dir, '-base.json')
    const head = read(dir, '-head.json')
    expect([base.complete, head.complete]).toEqual([false, false])
    const count = (r: any) => r.scenarios[0].runtimes[0].samples.length
    expect(count(base)).toBeGreaterThan(0)
    expect(Math.abs(count(base) - count(head))).toBeLessThanOrEqual(1)
    expect(filesIn(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
