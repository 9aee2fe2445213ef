import { describe, expect, it } from 'vitest'
import { SCENARIO_SCHEMA } from '../../../src/measure/kinds/index.js'
import { expectedText, validateAgainst, type SchemaNode } from '../../../src/scenarios/validate.js'

const schema = SCENARIO_SCHEMA as unknown as SchemaNode
const base = { name: 'x', measure: 'cold-start', workload: 'workloads/hello.js' }

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
