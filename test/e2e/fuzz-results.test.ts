/**
 * Property-based: random and mutated result files fed to every result-file parser that compare and
 * report use. Each input is a valid parse or a UsageError of one line, never a crash; a valid parse
 * then renders (report) without throwing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseResult as parseCompareSide } from '../../src/compare/load.js'
import { UsageError } from '../../src/errors.js'
import { parseResult as parseResultFile } from '../../src/result-file.js'
import { runCli } from './cli.js'

/** How many inputs each parser is fed (reported in the issue note). */
export const RESULT_FUZZ_RUNS = 1500

type Parser = (text: string) => unknown
const parsers: Array<[string, () => Promise<Parser>]> = [
  ['compare (src/compare/load.ts)', async () => (text) => parseCompareSide(text, '/fuzz/result.json', 'baseline')],
  ['report (src/result-file.ts)', async () => (text) => parseResultFile(text, '/fuzz/result.json')],
]

let dir = ''
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})
let goodText = ''
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isobench-fuzz-results-'))
  const run = await runCli(['run', '-s', 'cold-start', '-R', 'isolate', '-r', '3', '-w', '1', '--out', dir, '-q'])
  expect(run.code, run.stderr).toBe(0)
  goodText = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!), 'utf8')
})

/** Every path (a.b.0.c) to a value in a JSON document, up to a depth. */
function pathsOf(value: unknown, prefix: string[] = [], depth = 6): string[][] {
  if (depth === 0 || value === null || typeof value !== 'object') return [prefix]
  const keys = Array.isArray(value) ? value.slice(0, 3).map((_, i) => String(i)) : Object.keys(value)
  return [prefix, ...keys.flatMap((key) => pathsOf((value as Record<string, unknown>)[key], [...prefix, key], depth - 1))]
}

/** The good document with the value at path replaced (or deleted when replacement is undefined). */
function mutate(text: string, path: string[], replacement: unknown): string {
  if (path.length === 0) return JSON.stringify(replacement) ?? ''
  const doc = JSON.parse(text)
  let target = doc
  for (const key of path.slice(0, -1)) target = target[key]
  if (replacement === undefined) delete target[path.at(-1)!]
  else target[path.at(-1)!] = replacement
  return JSON.stringify(doc)
}

describe.each(parsers)('%s parser', (_name, load) => {
  it(`random, truncated and mutated result files (${RESULT_FUZZ_RUNS} inputs): a result or a one-line UsageError`, async () => {
    const parse = await load()
    const paths = pathsOf(JSON.parse(goodText))
    const inputs = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json(),
      fc.nat({ max: goodText.length }).map((n) => goodText.slice(0, n)),
      fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), fc.constant(undefined))).map(([path, value]) => mutate(goodText, path, value)),
    )
    fc.assert(
      fc.property(inputs, (text) => {
        try {
          const result = parse(text) as { scenarios?: unknown }
          expect(Array.isArray(result.scenarios)).toBe(true)
        } catch (error) {
          if (!(error instanceof UsageError)) throw error
          expect(error.message).not.toContain('\n')
        }
      }),
      { numRuns: RESULT_FUZZ_RUNS, seed: 17 },
    )
  })
})
