/** compare with a merged side: rows paired by host (a plain side by its run, else its hostname). */
import { describe, expect, it } from 'vitest'
import { pairByHost } from '../../../src/compare/hosts.js'
import { mergeResults } from '../../../src/result-merge.js'
import type { RunResult } from '../../../src/result.js'
import { handBuiltResult } from '../../fixtures/result.js'

function onHost(hostname: string, runId: string): RunResult {
  const result = handBuiltResult()
  return { ...result, runId, environment: { ...result.environment, hostname } }
}
const names = (result: RunResult) => result.scenarios[0]!.runtimes.map((r) => r.runtime)

describe('pairByHost', () => {
  const merged = mergeResults([{ file: 'a.json', label: 'ci', result: onHost('alpha', 'r1') }, { file: 'b.json', result: onHost('beta', 'r2') }], { runId: 'm' })

  it('leaves two plain results alone', () => {
    const [a, b] = pairByHost(onHost('x', '1'), onHost('y', '2'))
    expect(names(a)).toEqual(['docker', 'process', 'isolate'])
    expect(names(b)).toEqual(['docker', 'process', 'isolate'])
  })

  it('names merged rows by host, and a plain side by the host that holds its run', () => {
    const [base, current] = pairByHost(merged, onHost('alpha', 'r1'))
    expect(names(base)).toEqual(['docker @ ci', 'process @ ci', 'isolate @ ci', 'docker @ beta', 'process @ beta', 'isolate @ beta'])
    expect(names(current)).toEqual(['docker @ ci', 'process @ ci', 'isolate @ ci'])
  })

  it('falls back to the plain side\'s hostname', () => {
    const [, current] = pairByHost(merged, onHost('beta', 'fresh'))
    expect(names(current)).toEqual(['docker @ beta', 'process @ beta', 'isolate @ beta'])
  })
})
