/** Output agreement: the first differing JSON path between rows' first outputs. */
import { describe, expect, it } from 'vitest'
import { firstDifference, outputAgreement, outputNotes } from '../../../src/analysis/outputs.js'
import type { RuntimeResult, ScenarioResult } from '../../../src/result.js'

const row = (runtime: string, output: unknown, status: RuntimeResult['status'] = 'ok'): RuntimeResult => ({ runtime, status, output, samples: [], summaries: [] })
const scenario = (measure: string, runtimes: RuntimeResult[]): ScenarioResult => ({ name: 's', description: '', measure, workload: { name: 'w', path: '/w.js', sha256: '0'.repeat(64) }, input: null, runs: 1, warmup: 0, runtimes })

describe('firstDifference', () => {
  it.each([
    [{ a: 1 }, { a: 1 }, undefined],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, undefined],
    [{ items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }, { items: [{ name: 'a' }, { name: 'b' }, { name: 'C' }] }, '$.items[2].name'],
    [[1, 2], [1, 2, 3], '$[2]'],
    [{ a: 1 }, { a: 1, 'b-c': 2 }, '$["b-c"]'],
    [{ a: [] }, { a: {} }, '$.a'],
    [1, '1', '$'],
    [null, {}, '$'],
  ])('%j vs %j → %s', (a, b, path) => {
    expect(firstDifference(a, b)).toBe(path)
  })
})

describe('outputAgreement', () => {
  it('groups the rows that differ from the first answering row, by path, and ignores skipped rows and other measures', () => {
    const rows = [row('docker', undefined, 'skipped'), row('process', { x: [1, 2] }), row('isolate', { x: [1, 2] }), row('wasm', { x: [1, 3] }), row('deno', { x: [1, 3] }), row('vm', { y: 1 })]
    const agreement = outputAgreement(scenario('cold-start', rows))
    expect(agreement).toEqual({ reference: 'process', compared: ['process', 'isolate', 'wasm', 'deno', 'vm'], differences: [{ runtimes: ['wasm', 'deno'], path: '$.x[1]' }, { runtimes: ['vm'], path: '$.x' }] })
    expect(outputNotes(agreement)[0]).toBe('outputs differ: wasm, deno answered otherwise than process, first at $.x[1] (--strict-output makes this exit 3)')
    expect(outputAgreement(scenario('memory', rows))).toBeUndefined()
  })

  it('says nothing when every row agrees, or fewer than two answered', () => {
    expect(outputNotes(outputAgreement(scenario('warm-invoke', [row('a', 1), row('b', 1)])))).toEqual([])
    expect(outputAgreement(scenario('cold-start', [row('a', 1), row('b', undefined)]))).toBeUndefined()
  })
})
