import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderSchema } from '../../src/commands/schema.js'
import { UsageError } from '../../src/errors.js'
import { loadScenario, parseScenario, shippedScenarioNames } from '../../src/scenarios/load.js'
import { SCENARIO_SCHEMA } from '../../src/scenarios/schema.js'
import { MEASURES } from '../../src/scenarios/types.js'
import { expectedText, validateAgainst, type SchemaNode } from '../../src/scenarios/validate.js'
import { ROOT } from '../helpers.js'

const schema = SCENARIO_SCHEMA as unknown as SchemaNode
const base = { name: 'x', measure: 'cold-start', workload: 'workloads/hello.js' }

describe('the published scenario schema', () => {
  it('is shipped as schemas/scenario.schema.json exactly as `isobench schema` prints it', () => {
    expect(readFileSync(join(ROOT, 'schemas/scenario.schema.json'), 'utf8')).toBe(renderSchema())
  })

  it('lists every measure kind', () => {
    expect((SCENARIO_SCHEMA.properties.measure as { enum: string[] }).enum).toEqual([...MEASURES])
  })

  it.each(shippedScenarioNames())('accepts the shipped scenario %s, and its workloads exist', async (name) => {
    const scenario = await loadScenario(name)
    expect(scenario.name).toBe(name)
  })
})

describe('validateAgainst (the subset of JSON Schema the scenario schema uses)', () => {
  it('accepts a minimal document and every optional field', () => {
    expect(validateAgainst(base, schema)).toBeUndefined()
    expect(validateAgainst({ ...base, measure: 'density', steps: [1, 10], maxInstances: { isolate: 100, '*': 5 }, memoryBudgetMb: 512, timeBudgetS: 30, limits: { memoryMb: 64, cpus: 0.5 } }, schema)).toBeUndefined()
    expect(validateAgainst({ name: 'iso', measure: 'isolation', probes: [{ name: 'env', workload: 'p.js', input: { a: 1 } }] }, schema)).toBeUndefined()
  })

  it.each([
    // Reference: each row names the path the first problem is at, worked out from the schema by hand.
    [{ ...base, limits: { memoryMb: 4 } }, 'limits.memoryMb', 'an integer from 8 to 65536'],
    [{ ...base, limits: { swap: 1 } }, 'limits.swap', 'one of the known fields (memoryMb, timeoutMs, pidsLimit, cpus)'],
    [{ ...base, steps: [] }, 'steps', 'density: a non-empty list of instance counts from 1 to 100000, e.g. [1, 10, 100, 1000]'],
    [{ ...base, steps: [1, 0] }, 'steps[1]', 'an integer from 1 to 100000'],
    [{ ...base, maxInstances: { isolate: 'many' } }, 'maxInstances', expect.stringContaining('a count from 1 to 100000, or an object')],
    [{ ...base, maxInstances: 0 }, 'maxInstances', expect.stringContaining('density: the most live instances')],
    [{ name: 'iso', measure: 'isolation' }, 'probes', expect.stringContaining('(needed by this measure)')],
    [{ name: 'iso', measure: 'isolation', probes: [{ name: 'a' }] }, 'probes[0].workload', 'a path to a .js file, relative to the scenario file'],
    [{ name: 'w', measure: 'warm-invoke' }, 'workload', expect.stringContaining('(needed by this measure)')],
    [{ ...base, victim: { input: 1 } }, 'victim.workload', 'a path to a .js file, relative to the scenario file'],
    [{ measure: 'cpu', workload: 'a.js' }, 'name', 'a name of letters, digits, dot, dash or underscore'],
    [{ ...base, name: '-x' }, 'name', 'a name of letters, digits, dot, dash or underscore'],
  ])('reports %j at its field with what was expected', (doc, path, expected) => {
    const problem = validateAgainst(doc, schema)
    expect(problem?.path).toBe(path)
    expect(problem?.expected).toEqual(expected)
  })

  it('describes numbers by their range and enums by their values', () => {
    expect(expectedText({ type: 'integer', minimum: 1, maximum: 9 })).toBe('an integer from 1 to 9')
    expect(expectedText({ type: 'number', minimum: 0 })).toBe('a number of at least 0')
    expect(expectedText({ enum: ['a', 'b'] })).toBe('one of a, b')
  })
})

describe('parseScenario errors are one line naming file, field and expectation', () => {
  it.each([
    [{ ...base, windowMs: 5 }, 'mine.json: field "windowMs": expected an integer from 100 to 600000, got 5'],
    [{ ...base, limits: { cpus: -1 } }, 'mine.json: field "limits.cpus": expected a number from 0 to 1024, got -1'],
    [{ ...base, measure: 'density', steps: 'many' }, 'mine.json: field "steps": expected density: a non-empty list of instance counts from 1 to 100000, e.g. [1, 10, 100, 1000], got "many"'],
  ])('%j', (doc, message) => {
    expect(() => parseScenario(doc, 'mine.json')).toThrow(UsageError)
    expect(() => parseScenario(doc, 'mine.json')).toThrow(message)
    try {
      parseScenario(doc, 'mine.json')
    } catch (error) {
      expect((error as Error).message).not.toContain('\n')
    }
  })

  it('resolves probe and victim workloads next to the scenario file', () => {
    const s = parseScenario({ name: 'n', measure: 'noisy-neighbour', workload: 'w/leak.js', victim: { workload: 'w/hello.js' } }, '/s/n.json')
    expect(s.workloadPath).toBe('/s/w/leak.js')
    expect(s.victim).toEqual({ workloadPath: '/s/w/hello.js', input: null })
    const iso = parseScenario({ name: 'i', measure: 'isolation', probes: [{ name: 'env', workload: '/abs/env.js' }] }, '/s/i.json')
    expect(iso.probes).toEqual([{ name: 'env', attempt: 'env', workloadPath: '/abs/env.js', input: null }])
  })
})
