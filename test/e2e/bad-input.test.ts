/**
 * Bad input through the built CLI: each mistake gets one `error:` line (plus at most one `hint:`
 * line), exit code 2 and never a stack trace. Includes a small random sample of scenario files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers.js'
import { runCli } from './cli.js'

const dir = mkdtempSync(join(tmpdir(), 'isobench-badinput-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const HELLO = join(ROOT, 'scenarios/workloads/hello.js')

/** Writes a file into the test's temp dir and returns its path. */
function file(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** The one-line contract: exit 2, `error: ...` matching, at most a hint after it, no stack. */
async function expectOneLine(args: string[], message: RegExp): Promise<void> {
  const result = await runCli(args, { NO_COLOR: '1' })
  expect(result.code, result.stderr).toBe(2)
  const lines = result.stderr.trim().split('\n')
  expect(lines[0]).toMatch(/^error: /)
  expect(lines[0]).toMatch(message)
  expect(lines.length, result.stderr).toBeLessThanOrEqual(2)
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /)
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/)
}

const scenario = (doc: unknown) => JSON.stringify(doc)
const base = { name: 'bad', measure: 'cold-start', workload: HELLO }

describe('bad command-line options', () => {
  it.each([
    [['--runs', '-5'], /expected --runs to be an integer from 1/],
    [['--runs', '1.5'], /expected --runs to be an integer/],
    [['--runs', ''], /expected --runs to be an integer/],
    [['--runs', '1e3'], /expected --runs to be an integer/],
    [['--warmup', '-1'], /expected --warmup to be an integer from 0/],
    [['--timeout', '0'], /expected --timeout to be an integer from 1/],
    [['--timeout', 'soon'], /expected --timeout to be an integer/],
    [['--memory', '2'], /expected --memory to be an integer from 8/],
    [['--cpus', '-1'], /expected --cpus to be a number of cores/],
    [['--pids-limit', '4'], /expected --pids-limit to be an integer from 8/],
    [['--runtime', 'dockr'], /unknown runtime "dockr"; did you mean "docker"\?/],
    [['--runtime', ','], /--runtime needs at least one runtime name/],
    [['--relax', 'netwrk'], /unknown hardening "netwrk"; did you mean "network"\?/],
    [['--run-id', 'a b'], /expected --run-id to be 1 to 64 letters/],
  ])('run %j', async (extra, message) => {
    await expectOneLine(['run', '-s', 'cold-start', ...extra], message)
  })

  it('clean --run with a bad id', async () => {
    await expectOneLine(['clean', '--run', '../etc'], /expected --run to be 1 to 64 letters/)
  })

  it('image build --node with a file that is not a node binary', async () => {
    await expectOneLine(['image', 'build', '--node', '/etc/passwd'], /--node \/etc\/passwd is not a node binary that runs here/)
  })

  it('report --out where no file can be written', async () => {
    const saved = file('saved.json', readFileSync(join(ROOT, 'results/baselines/cold-start.json'), 'utf8'))
    await expectOneLine(['report', saved, '--out', '/dev/null/x.html'], /cannot write results into \/dev\/null\/x\.html/)
  })
})

describe('bad scenario files', () => {
  it.each([
    ['wrong type', 'wrong-type.json', scenario({ ...base, runs: 'ten' }), /field "runs"/],
    ['unknown key', 'unknown-key.json', scenario({ ...base, runz: 3 }), /runz/],
    ['missing workload field', 'no-workload.json', scenario({ name: 'x', measure: 'cold-start' }), /workload/],
    ['workload file absent', 'absent.json', scenario({ ...base, workload: './nope.js' }), /workload/],
    ['absurd run count', 'absurd.json', scenario({ ...base, runs: 1e9 }), /field "runs"/],
    ['negative warm-up', 'negative.json', scenario({ ...base, warmup: -3 }), /field "warmup"/],
    ['unknown measure', 'measure.json', scenario({ ...base, measure: 'cold-starts' }), /field "measure"/],
    ['top-level array', 'array.json', '[1,2]', /expected an object|top level|\(root\)/],
    ['empty file', 'empty.json', '', /not valid JSON/],
    ['truncated JSON', 'truncated.json', scenario(base).slice(0, 20), /not valid JSON/],
    ['invalid YAML', 'invalid.yaml', 'name: [unclosed\nmeasure: : :', /not valid YAML/],
  ])('%s', async (_label, name, content, message) => {
    await expectOneLine(['run', '-s', file(name, content), '-R', 'isolate', '-r', '1'], message)
  })

  it('random scenario files never crash the CLI (20 files)', async () => {
    const docs = fc.sample(
      fc.record({ name: fc.oneof(fc.constant('r'), fc.anything()), measure: fc.oneof(fc.constant('cold-start'), fc.string()), workload: fc.oneof(fc.constant(HELLO), fc.anything()), runs: fc.oneof(fc.constant(1), fc.anything()), extra: fc.anything() }, { requiredKeys: [] }),
      { numRuns: 20, seed: 5 },
    )
    for (const [i, doc] of docs.entries()) {
      const result = await runCli(['run', '-s', file(`random-${i}.json`, JSON.stringify(doc) ?? 'null'), '-R', 'isolate', '-r', '1', '-w', '0', '--out', join(dir, 'out')])
      expect([0, 2, 3], result.stderr).toContain(result.code)
      expect(result.stderr).not.toMatch(/\n\s+at |internal error/)
    }
  })
})
