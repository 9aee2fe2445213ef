import { describe, expect, it } from 'vitest'
import { SCENARIO_SCHEMA } from '../../../src/measure/kinds/index.js'
import { UsageError } from '../../../src/errors.js'
import { parseScenario } from '../../../src/scenarios/load.js'

const base = { name: 'x', measure: 'cold-start', workload: 'workloads/hello.js' }

describe('parseScenario', () => {
  it('fills defaults and resolves the workload next to the scenario file', () => {
    const s = parseScenario(base, '/tmp/s/x.json', SCENARIO_SCHEMA)
    expect(s).toMatchObject({ name: 'x', measure: 'cold-start', workloadPath: '/tmp/s/workloads/hello.js', runs: 20, warmup: 2, input: null })
  })

  it.each([
    [{ ...base, runs: 0 }, /field "runs": expected an integer from 1/],
    [{ ...base, runs: 2.5 }, /field "runs"/],
    [{ ...base, warmup: '3' }, /field "warmup"/],
    [{ ...base, measure: 'warm' }, /field "measure": expected one of cold-start/],
    [{ ...base, workload: 3 }, /field "workload": expected a path/],
    [{ ...base, colour: 'red' }, /field "colour": expected one of the known fields/],
    [{ ...base, runtimes: [] }, /field "runtimes"/],
    [[], /expected an object/],
    [null, /expected an object/],
  ])('rejects %j with a message naming the field', (doc, message) => {
    expect(() => parseScenario(doc, 'bad.json', SCENARIO_SCHEMA)).toThrow(UsageError)
    expect(() => parseScenario(doc, 'bad.json', SCENARIO_SCHEMA)).toThrow(message)
  })
})

describe('parseScenario errors are one line naming file, field and expectation', () => {
  it.each([
    [{ ...base, windowMs: 5 }, 'mine.json: field "windowMs": expected an integer from 100 to 600000, got 5'],
    [{ ...base, limits: { cpus: -1 } }, 'mine.json: field "limits.cpus": expected a number from 0 to 1024, got -1'],
    [{ ...base, measure: 'density', steps: 'many' }, 'mine.json: field "steps": expected density: a non-empty list of instance counts from 1 to 100000, e.g. [1, 10, 100, 1000], got "many"'],
  ])('%j', (doc, message) => {
    expect(() => parseScenario(doc, 'mine.json', SCENARIO_SCHEMA)).toThrow(UsageError)
    expect(() => parseScenario(doc, 'mine.json', SCENARIO_SCHEMA)).toThrow(message)
    try {
      parseScenario(doc, 'mine.json', SCENARIO_SCHEMA)
    } catch (error) {
      expect((error as Error).message).not.toContain('\n')
    }
  })

  it('resolves probe and victim workloads next to the scenario file', () => {
    const s = parseScenario({ name: 'n', measure: 'noisy-neighbour', workload: 'w/leak.js', victim: { workload: 'w/hello.js' } }, '/s/n.json', SCENARIO_SCHEMA)
    expect(s.workloadPath).toBe('/s/w/leak.js')
    expect(s.victim).toEqual({ workloadPath: '/s/w/hello.js', input: null })
    const iso = parseScenario({ name: 'i', measure: 'isolation', probes: [{ name: 'env', workload: '/abs/env.js' }] }, '/s/i.json', SCENARIO_SCHEMA)
    expect(iso.probes).toEqual([{ name: 'env', attempt: 'env', workloadPath: '/abs/env.js', input: null }])
  })
})
