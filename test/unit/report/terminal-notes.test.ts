import { describe, expect, it } from 'vitest'
import { measureTables } from '../../../src/measure/kinds/index.js'
import { summarizeSamples } from '../../../src/analysis/summaries.js'
import { renderTerminal } from '../../../src/report/terminal.js'
import { analyseRun } from '../../../src/analysis/index.js'
import type { RunResult, RuntimeResult } from '../../../src/result.js'

const renderTables = (result: RunResult, options = {}) => renderTerminal(analyseRun(result), { ...options, tablesOf: measureTables })

const row = (runtime: string, note?: string): RuntimeResult => {
  const samples = [{ index: 0, warmup: false, ok: true, metrics: { cold_start_ms: 1 } }]
  return { runtime, status: 'ok', info: { version: '1.0', details: {}, ...(note ? { note } : {}) }, samples, summaries: summarizeSamples(samples) }
}

describe('table notes', () => {
  it('prints a runtime caveat once under the table, naming every runtime that shares it', () => {
    const result = {
      complete: true,
      scenarios: [{ name: 'cold-start', workload: { name: 'hello' }, runs: 1, warmup: 0, runtimes: [row('wasm', 'QuickJS is an interpreter'), row('wasm:runtime', 'QuickJS is an interpreter'), row('isolate')] }],
    } as unknown as RunResult
    const lines = renderTables(result, { verbose: true }).split('\n').filter((line) => line.startsWith('note:'))
    expect(lines).toEqual(['note: wasm, wasm:runtime: QuickJS is an interpreter'])
  })

  it('groups the caveats into one line by default, pointing at --verbose', () => {
    const result = {
      complete: true,
      scenarios: [{ name: 'cold-start', workload: { name: 'hello' }, runs: 1, warmup: 0, runtimes: [row('wasm', 'QuickJS is an interpreter'), row('vm', 'not a security boundary'), row('isolate')] }],
    } as unknown as RunResult
    const lines = renderTables(result).split('\n').filter((line) => line.startsWith('note:'))
    expect(lines).toEqual(['note: caveats for wasm, vm (--verbose for each)'])
  })
})
