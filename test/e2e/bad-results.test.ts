/**
 * Bad result files given to `compare` and `report` (truncated, wrong schemaVersion, not a result,
 * missing, a directory) and bad compare options: one `error:` line (plus a hint), exit 2, never a
 * stack trace. Also a sample of random result-shaped files.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './cli.js'

let dir = ''
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

let good = ''
let goodDoc: Record<string, any> = {}
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isobench-badresults-'))
  const out = join(dir, 'good')
  const run = await runCli(['run', '-s', 'cold-start', '-R', 'isolate', '-r', '3', '-w', '0', '--out', out, '-q'])
  expect(run.code, run.stderr).toBe(0)
  good = join(out, readdirSync(out).find((f) => f.endsWith('.json'))!)
  goodDoc = JSON.parse(readFileSync(good, 'utf8'))
})

function file(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

async function expectOneLine(args: string[], message?: RegExp): Promise<void> {
  const result = await runCli(args, { NO_COLOR: '1' })
  expect(result.code, result.stderr).toBe(2)
  const lines = result.stderr.trim().split('\n')
  expect(lines[0]).toMatch(/^error: /)
  if (message) expect(lines[0]).toMatch(message)
  expect(lines.length, result.stderr).toBeLessThanOrEqual(2)
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /)
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/)
}

/** The bad files: [label, file name, content from the good document]. */
const badFiles: Array<[string, string, (doc: Record<string, any>, text: string) => string]> = [
  ['truncated JSON', 'truncated.json', (_doc, text) => text.slice(0, Math.floor(text.length / 2))],
  ['empty file', 'empty.json', () => ''],
  ['schemaVersion from the future', 'v99.json', (doc) => JSON.stringify({ ...doc, schemaVersion: 99 })],
  ['schemaVersion as a string', 'vstring.json', (doc) => JSON.stringify({ ...doc, schemaVersion: '1' })],
  ['no schemaVersion', 'nov.json', (doc) => JSON.stringify({ ...doc, schemaVersion: undefined })],
  ['a top-level array', 'array.json', () => '[1, 2, 3]'],
  ['scenarios not a list', 'scenarios.json', (doc) => JSON.stringify({ ...doc, scenarios: { a: 1 } })],
  ['a sample without metrics', 'sample.json', (doc) => JSON.stringify({ ...doc, scenarios: [{ ...doc.scenarios[0], runtimes: [{ ...doc.scenarios[0].runtimes[0], samples: [{ index: 0, ok: true, warmup: false }] }] }] })],
]

describe('isobench compare with bad input', () => {
  it.each(badFiles)('%s (as baseline and as current)', async (_label, name, make) => {
    const bad = file(name, make(goodDoc, readFileSync(good, 'utf8')))
    await expectOneLine(['compare', bad, good])
    await expectOneLine(['compare', good, bad])
  })

  it('a missing file and a directory', async () => {
    await expectOneLine(['compare', join(dir, 'nope.json'), good], /does not exist/)
    mkdirSync(join(dir, 'adir'), { recursive: true })
    await expectOneLine(['compare', good, join(dir, 'adir')], /directory/)
  })

  it.each([['abc'], ['-5%'], ['5000%'], ['']])('--threshold %j', async (threshold) => {
    await expectOneLine(['compare', good, good, '--threshold', threshold], /--threshold/)
  })
})

describe('isobench report with bad input', () => {
  it.each(badFiles)('%s', async (_label, name, make) => {
    await expectOneLine(['report', file(`report-${name}`, make(goodDoc, readFileSync(good, 'utf8')))])
  })

  it('a missing file', async () => {
    await expectOneLine(['report', join(dir, 'nope.json')])
  })
})

describe('random result-shaped files never crash compare or report', () => {
  it('20 mutated result files: exit 0, 1, 2 or 3, never a stack trace', async () => {
    // A mutation replaces one field somewhere in the good document with a random value.
    const paths = ['schemaVersion', 'scenarios', 'scenarios.0.runtimes', 'scenarios.0.runtimes.0.samples', 'scenarios.0.runtimes.0.samples.0.metrics', 'scenarios.0.runtimes.0.summaries', 'scenarios.0.name', 'environment', 'runId', 'complete']
    const mutations = fc.sample(fc.tuple(fc.constantFrom(...paths), fc.jsonValue()), { numRuns: 20, seed: 3 })
    for (const [i, [path, value]] of mutations.entries()) {
      const doc = structuredClone(goodDoc)
      const keys = path.split('.')
      let target: any = doc
      for (const key of keys.slice(0, -1)) target = target?.[key]
      if (target && typeof target === 'object') target[keys.at(-1)!] = value
      const bad = file(`mutated-${i}.json`, JSON.stringify(doc))
      for (const args of [['compare', good, bad], ['report', bad]]) {
        const result = await runCli(args, { NO_COLOR: '1' })
        expect([0, 1, 2, 3], `${args.join(' ')} (${path} = ${JSON.stringify(value)?.slice(0, 80)}): ${result.stderr}`).toContain(result.code)
        expect(result.stderr).not.toMatch(/\n\s+at |internal error/)
      }
    }
  })
})
