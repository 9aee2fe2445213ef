import { describe, expect, it } from 'vitest'
import { detailsTable, flattenPairs } from '../../../src/report/tables/record.js'
import type { ScenarioResult } from '../../../src/result.js'
import { handBuiltResult } from '../../fixtures/result.js'

describe('tables shared by Markdown and HTML', () => {
  it('flattens nested objects and arrays of objects to dotted keys, primitive arrays joined', () => {
    expect(flattenPairs({ a: { b: 1, c: [1, 2] }, m: [{ p: 'x' }, { p: null }], d: [[0, 0], [1, 5]] })).toEqual([
      ['a.b', '1'], ['a.c', '1 2'], ['m.0.p', 'x'], ['m.1.p', 'null'], ['d.0', '0 0'], ['d.1', '1 5'],
    ])
  })

  it('lists a scenario\'s settings and each runtime\'s details, or nothing when it has none', () => {
    const scenario = handBuiltResult().scenarios[0]!
    expect(detailsTable(scenario)).toBeUndefined()
    const withDetails = { ...scenario, settings: { steps: [1, 10] }, runtimes: [{ ...scenario.runtimes[2]!, details: { largestN: 10 } }] } as ScenarioResult
    expect(detailsTable(withDetails)!.rows).toEqual([{ cells: ['settings.steps', '1 10'] }, { cells: ['isolate.largestN', '10'] }])
  })
})
