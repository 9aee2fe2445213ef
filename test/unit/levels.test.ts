/** Pure pieces of the isolation levels: runtime selection, the node column. */
import { describe, expect, it } from 'vitest'
import { parseRuntimeList, withPoolRows } from '../../src/commands/run.js'
import { UsageError } from '../../src/errors.js'
import { nodeCell, runtimeNotes } from '../../src/report/tables/cold-start.js'
import type { RuntimeResult, ScenarioResult } from '../../src/result.js'
import { RUNTIME_NAMES } from '../../src/runtimes/index.js'

describe('runtime selection', () => {
  it('`all` selects every registered runtime (skipping missing ones, unlike named ones)', () => {
    expect(parseRuntimeList('all')).toBe('all')
    expect(RUNTIME_NAMES).toEqual(expect.arrayContaining(['docker', 'docker:crun', 'docker:runsc', 'process', 'worker', 'vm', 'isolate', 'isolate:context']))
  })
  it('accepts a pooled name and dedupes', () => {
    expect(parseRuntimeList('docker:crun,process+pool,docker:crun')).toEqual(['docker:crun', 'process+pool'])
  })
  it('rejects an unknown name, pooled or not, with a did-you-mean', () => {
    expect(() => parseRuntimeList('isolat+pool')).toThrow(UsageError)
    expect(() => parseRuntimeList('isolat+pool')).toThrow(/unknown runtime "isolat\+pool"; did you mean "isolate"/)
    expect(() => parseRuntimeList('docker:kata')).toThrow(/unknown runtime "docker:kata"/)
  })
  it('--pool adds a +pool row right after each runtime', () => {
    expect(withPoolRows(['docker', 'isolate'], 2)).toEqual(['docker', 'docker+pool', 'isolate', 'isolate+pool'])
    expect(withPoolRows(['docker', 'docker+pool'], 2)).toEqual(['docker', 'docker+pool'])
    expect(withPoolRows(['docker'], undefined)).toEqual(['docker'])
  })
})

describe('node column and notes', () => {
  const row = (runtime: string, details: Record<string, string | boolean>, note?: string): RuntimeResult => ({
    runtime,
    status: 'ok',
    info: { version: 'x 1.0', details, note },
    samples: [],
    summaries: [],
  })
  const scenario = (runtimes: RuntimeResult[]) => ({ runtimes }) as unknown as ScenarioResult

  it('shows each row\'s node, marking the ones inside the harness', () => {
    expect(nodeCell(row('process', { node: 'v24.11.1', v8: '13.6' }))).toBe('v24.11.1')
    expect(nodeCell(row('isolate', { node: 'v20.20.2', inHarness: true }))).toBe('v20.20.2\nharness')
    expect(nodeCell(row('workerd', {}))).toBe('')
  })
  it('says which rows ignore --node, and prints each caveat once', () => {
    const rows = [
      row('process', { node: 'v24.11.1' }),
      row('vm', { node: 'v20.20.2', inHarness: true }, 'not a security boundary'),
      row('isolate', { node: 'v20.20.2', inHarness: true }),
      row('isolate+pool', { node: 'v20.20.2', inHarness: true }, 'a pool of 2'),
      row('process+pool', { node: 'v20.20.2' }, 'a pool of 2'),
    ]
    expect(runtimeNotes(scenario(rows))).toEqual([
      'note: vm: not a security boundary',
      'note: isolate+pool, process+pool: a pool of 2',
      'node: vm, isolate, isolate+pool run inside the isobench process, always on its node (v20.20.2), whatever --node says',
    ])
  })
})
