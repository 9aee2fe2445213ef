/** Merging results: hosts kept with their environments, rows named by host, bad merges refused in one line. */
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { mergeResults } from '../../src/result-merge.js'
import type { RunResult } from '../../src/result.js'
import { handBuiltResult } from '../fixtures/result.js'

function onHost(hostname: string, runId: string): RunResult {
  const result = handBuiltResult()
  return { ...result, runId, environment: { ...result.environment, hostname } }
}

describe('mergeResults', () => {
  it('keeps each host\'s environment and run, and names every row\'s host', () => {
    const merged = mergeResults([{ file: 'a.json', result: onHost('alpha', 'r1') }, { file: 'b.json', result: onHost('beta', 'r2') }], { runId: 'm' })
    expect(merged.hosts!.map((h) => [h.host, h.runId, h.file, h.environment.hostname])).toEqual([['alpha', 'r1', 'a.json', 'alpha'], ['beta', 'r2', 'b.json', 'beta']])
    expect(merged.scenarios).toHaveLength(1)
    expect(merged.scenarios[0]!.runtimes.map((r) => `${r.runtime}@${r.host}`)).toEqual(['docker@alpha', 'process@alpha', 'isolate@alpha', 'docker@beta', 'process@beta', 'isolate@beta'])
    expect(merged.environment.hostname).toBe('alpha')
    expect(merged.runId).toBe('m')
  })

  it('labels hosts by NAME=file, and keeps two runs of one host apart', () => {
    const same = mergeResults([{ file: 'a.json', result: onHost('box', 'r1') }, { file: 'b.json', result: onHost('box', 'r2') }, { file: 'c.json', label: 'ci', result: onHost('box', 'r3') }], { runId: 'm' })
    expect(same.hosts!.map((h) => h.host)).toEqual(['box', 'box#2', 'ci'])
  })

  it('merges a merged result again without losing its hosts', () => {
    const first = mergeResults([{ file: 'a.json', result: onHost('alpha', 'r1') }, { file: 'b.json', result: onHost('beta', 'r2') }], { runId: 'm1' })
    const again = mergeResults([{ file: 'm1.json', result: first }, { file: 'c.json', result: onHost('gamma', 'r3') }], { runId: 'm2' })
    expect(again.hosts!.map((h) => h.host)).toEqual(['alpha', 'beta', 'gamma'])
    expect(new Set(again.scenarios[0]!.runtimes.map((r) => r.host))).toEqual(new Set(['alpha', 'beta', 'gamma']))
  })

  it('refuses one scenario name over different workload bytes, naming both files', () => {
    const other = onHost('beta', 'r2')
    other.scenarios[0]!.workload = { ...other.scenarios[0]!.workload, sha256: 'b'.repeat(64) }
    const merge = () => mergeResults([{ file: 'a.json', result: onHost('alpha', 'r1') }, { file: 'b.json', result: other }], { runId: 'm' })
    expect(merge).toThrow(UsageError)
    expect(merge).toThrow('scenario cold-start ran different workloads: hello.js sha256 aaaaaaaaaaaa in a.json, hello.js sha256 bbbbbbbbbbbb in b.json')
  })

  it('refuses other schema versions and a single file', () => {
    const old = { ...onHost('beta', 'r2'), schemaVersion: 0 }
    expect(() => mergeResults([{ file: 'a.json', result: onHost('alpha', 'r1') }, { file: 'b.json', result: old }], { runId: 'm' })).toThrow(/b\.json has schemaVersion 0.*cannot be merged/)
    expect(() => mergeResults([{ file: 'a.json', result: onHost('alpha', 'r1') }], { runId: 'm' })).toThrow(/at least two/)
  })
})
