/**
 * Property-based: random scenario documents and random file contents never crash the loader.
 * Every input ends in a valid Scenario or a UsageError whose message is one line naming the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { SCENARIO_SCHEMA } from '../../../src/measure/kinds/index.js'
import { UsageError } from '../../../src/errors.js'
import { loadScenario, parseScenario } from '../../../src/scenarios/load.js'
import { MEASURES } from '../../../src/scenarios/types.js'
import { ROOT } from '../../helpers.js'

/** How many inputs each property is fed. */
export const FUZZ_RUNS = { documents: 3000, structured: 3000, files: 400 }

const dir = mkdtempSync(join(tmpdir(), 'isobench-fuzz-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A value that is sometimes right for a field and often wrong in a different way. */
const fieldValue = (good: fc.Arbitrary<unknown>) =>
  fc.oneof(good, fc.anything(), fc.integer({ min: -1e12, max: 1e12 }), fc.double(), fc.string(), fc.constant(null), fc.array(fc.string()))

/** Scenario-shaped documents: known keys with good or bad values, sometimes unknown keys. */
const scenarioLike = fc.record(
  {
    name: fieldValue(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/)),
    measure: fieldValue(fc.constantFrom(...MEASURES)),
    workload: fieldValue(fc.constantFrom(join(ROOT, 'scenarios/workloads/hello.js'), 'workloads/hello.js', '', '../../etc/passwd')),
    description: fieldValue(fc.string()),
    input: fc.anything(),
    runs: fieldValue(fc.integer({ min: 1, max: 50 })),
    warmup: fieldValue(fc.integer({ min: 0, max: 5 })),
    runtimes: fieldValue(fc.array(fc.constantFrom('docker', 'process', 'isolate', 'dockr', ''), { maxLength: 4 })),
    surprise: fc.anything(),
  },
  { requiredKeys: [] },
)

/** The property: a valid parse, or a clean one-line UsageError. Anything else fails the test. */
function parsesOrRefusesCleanly(doc: unknown): void {
  try {
    const scenario = parseScenario(doc, '/fuzz/scenario.json', SCENARIO_SCHEMA)
    expect(typeof scenario.name).toBe('string')
    expect(Number.isInteger(scenario.runs) && scenario.runs >= 1).toBe(true)
    expect(Number.isInteger(scenario.warmup) && scenario.warmup >= 0).toBe(true)
    expect(typeof scenario.workloadPath).toBe('string')
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    expect(error.message).not.toContain('\n')
    expect(error.message).toContain('/fuzz/scenario.json')
  }
}

describe('parseScenario on random documents', () => {
  it(`any JSON-like value (${FUZZ_RUNS.documents} inputs)`, () => {
    fc.assert(fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }), parsesOrRefusesCleanly), { numRuns: FUZZ_RUNS.documents, seed: 7 })
  })

  it(`scenario-shaped documents with wrong types, unknown keys, absurd sizes (${FUZZ_RUNS.structured} inputs)`, () => {
    fc.assert(fc.property(scenarioLike, parsesOrRefusesCleanly), { numRuns: FUZZ_RUNS.structured, seed: 11 })
  })

  it('absurd run counts are refused, not attempted', () => {
    for (const runs of [0, -1, 1e9, 2 ** 53, 1.5, Number.MAX_VALUE]) {
      expect(() => parseScenario({ name: 'x', measure: 'cold-start', workload: 'w.js', runs }, '/f.json', SCENARIO_SCHEMA)).toThrow(UsageError)
    }
  })
})

describe('loadScenario on random file contents', () => {
  it(`random text as .json and .yaml files (${FUZZ_RUNS.files} inputs)`, async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v).slice(0, Math.max(1, JSON.stringify(v).length - 3))), // truncated
          scenarioLike.map((doc) => JSON.stringify(doc) ?? 'null'),
        ),
        fc.constantFrom('.json', '.yaml'),
        async (text, extension) => {
          const file = join(dir, `fuzz-${n++}${extension}`)
          writeFileSync(file, text)
          try {
            await loadScenario(file, SCENARIO_SCHEMA)
          } catch (error) {
            if (!(error instanceof UsageError)) throw error
            expect(error.message).not.toContain('\n')
          }
        },
      ),
      { numRuns: FUZZ_RUNS.files, seed: 13 },
    )
  })
})
