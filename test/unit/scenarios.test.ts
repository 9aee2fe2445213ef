import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { parseScenario } from '../../src/scenarios/load.js'

const base = { name: 'x', measure: 'cold-start', workload: 'workloads/hello.js' }

describe('parseScenario', () => {
  it('fills defaults and resolves the workload next to the scenario file', () => {
    const s = parseScenario(base, '/tmp/s/x.json')
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
    expect(() => parseScenario(doc, 'bad.json')).toThrow(UsageError)
    expect(() => parseScenario(doc, 'bad.json')).toThrow(message)
  })
})
