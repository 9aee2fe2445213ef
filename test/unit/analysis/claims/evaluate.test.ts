import { describe, expect, it } from 'vitest'
import { evaluateClaims, verdictAtLeast, verdictBelow, verdictParity } from '../../../../src/analysis/claims/evaluate.js'
import type { Claim } from '../../../../src/analysis/claims/types.js'
import type { RunResult, RuntimeResult, ScenarioResult } from '../../../../src/result.js'

const ci = (low: number, high: number) => ({ low, high, confidence: 0.95 })

describe('verdicts from a confidence interval', () => {
  it('at least: confirmed only when the whole interval clears the threshold', () => {
    expect(verdictAtLeast(ci(60, 120), 50)).toBe('confirmed')
    expect(verdictAtLeast(ci(50, 51), 50)).toBe('confirmed') // the bound itself counts
    expect(verdictAtLeast(ci(40, 60), 50)).toBe('inconclusive')
    expect(verdictAtLeast(ci(10, 49.9), 50)).toBe('refuted')
    expect(verdictAtLeast(ci(Number.NaN, Number.NaN), 50)).toBe('not measured')
  })

  it('below: confirmed only when the whole interval is under the threshold', () => {
    expect(verdictBelow(ci(0.02, 0.03), 1)).toBe('confirmed')
    expect(verdictBelow(ci(0.9, 1.1), 1)).toBe('inconclusive')
    expect(verdictBelow(ci(1, 2), 1)).toBe('refuted')
  })

  it('parity: confirmed inside ±within, refuted wholly outside', () => {
    expect(verdictParity(ci(0.95, 1.05), 0.1)).toBe('confirmed')
    expect(verdictParity(ci(0.85, 1.05), 0.1)).toBe('inconclusive')
    expect(verdictParity(ci(1.2, 1.4), 0.1)).toBe('refuted')
    expect(verdictParity(ci(0.5, 0.8), 0.1)).toBe('refuted')
  })
})

function row(runtime: string, metric: string, values: number[], extra: Partial<RuntimeResult> = {}): RuntimeResult {
  return {
    runtime,
    status: 'ok',
    samples: values.map((value, index) => ({ index, warmup: false, ok: true, metrics: { [metric]: value } })),
    summaries: [],
    ...extra,
  }
}

function scenario(name: string, measure: string, runtimes: RuntimeResult[]): ScenarioResult {
  return { name, description: '', measure, workload: { name: 'w', path: '/w.js', sha256: '' }, input: null, runs: 0, warmup: 0, runtimes }
}

function result(scenarios: ScenarioResult[]): RunResult {
  return { schemaVersion: 1, tool: { name: 'isobench', version: '0' }, runId: 'r', startedAt: '', complete: true, environment: {}, options: {}, scenarios }
}

describe('evaluateClaims', () => {
  const ratioClaim: Claim = { id: 'r', text: 't', source: 's', criterion: 'c', check: { kind: 'ratio-at-least', measure: 'cold-start', metric: 'cold_start_ms', slower: 'docker', faster: 'isolate', atLeast: 50 } }

  it('confirms a ratio whose interval clears the threshold, with the figure and its interval', () => {
    // Reference: medians 200 and 2 → ratio 100; every resample of constant samples is 100 too.
    const r = result([scenario('cold-start', 'cold-start', [row('docker', 'cold_start_ms', [200, 200, 200, 200]), row('isolate', 'cold_start_ms', [2, 2, 2, 2, 2])])])
    const [verdict] = evaluateClaims(r, [ratioClaim])
    expect(verdict).toMatchObject({ id: 'r', scenario: 'cold-start', runtime: 'docker/isolate', value: 100, verdict: 'confirmed' })
    expect(verdict!.ci).toEqual({ low: 100, high: 100, confidence: 0.95 })
    expect(verdict!.measured).toBe('docker/isolate 100x [100x–100x]')
  })

  it('refutes a ratio wholly under the threshold', () => {
    const r = result([scenario('cold-start', 'cold-start', [row('docker', 'cold_start_ms', [20, 20, 20]), row('isolate', 'cold_start_ms', [2, 2, 2])])])
    expect(evaluateClaims(r, [ratioClaim])[0]).toMatchObject({ value: 10, verdict: 'refuted' })
  })

  it('says "not measured" when a runtime was skipped or the scenario did not run', () => {
    const skipped = row('docker', 'cold_start_ms', [], { status: 'skipped', reason: 'no daemon' })
    const r = result([scenario('cold-start', 'cold-start', [skipped, row('isolate', 'cold_start_ms', [2])])])
    expect(evaluateClaims(r, [ratioClaim])[0]).toMatchObject({ verdict: 'not measured', measured: 'docker skipped: no daemon' })
    expect(evaluateClaims(result([]), [ratioClaim])[0]).toMatchObject({ verdict: 'not measured', scenario: null })
  })

  it('is inconclusive when the interval straddles the threshold', () => {
    // Reference: docker medians resample among 60..140 around 100, isolate stays 2 → ratios 30x..70x straddle 50x.
    const r = result([scenario('cold-start', 'cold-start', [row('docker', 'cold_start_ms', [60, 80, 100, 120, 140]), row('isolate', 'cold_start_ms', [2, 2, 2])])])
    expect(evaluateClaims(r, [ratioClaim])[0]).toMatchObject({ value: 50, verdict: 'inconclusive' })
  })

  it('ignores warm-up and failed samples', () => {
    const docker = row('docker', 'cold_start_ms', [200, 200, 200])
    docker.samples.push({ index: 3, warmup: true, ok: true, metrics: { cold_start_ms: 1 } }, { index: 4, warmup: false, ok: false, error: 'x', metrics: { cold_start_ms: 1 } })
    const r = result([scenario('cold-start', 'cold-start', [docker, row('isolate', 'cold_start_ms', [2, 2, 2])])])
    expect(evaluateClaims(r, [ratioClaim])[0]).toMatchObject({ value: 100, verdict: 'confirmed' })
  })

  it('checks parity for every runtime against the baseline, one verdict per scenario and runtime', () => {
    const claim: Claim = { id: 'p', text: 't', source: 's', criterion: 'c', check: { kind: 'parity', measure: 'cpu', metric: 'cpu_call_ms', baseline: 'process', within: 0.1 } }
    const r = result([
      scenario('cpu-a', 'cpu', [row('process', 'cpu_call_ms', [10, 10, 10]), row('isolate', 'cpu_call_ms', [10, 10, 10]), row('docker', 'cpu_call_ms', [20, 20, 20])]),
      scenario('cpu-b', 'cpu', [row('process', 'cpu_call_ms', [5, 5]), row('isolate', 'cpu_call_ms', [5, 5])]),
    ])
    expect(evaluateClaims(r, [claim]).map((v) => [v.scenario, v.runtime, v.verdict])).toEqual([
      ['cpu-a', 'isolate', 'confirmed'],
      ['cpu-a', 'docker', 'refuted'],
      ['cpu-b', 'isolate', 'confirmed'],
    ])
  })

  it('counts density, noisy-neighbour and isolation outcomes without an interval', () => {
    const claims: Claim[] = [
      { id: 'd', text: 't', source: 's', criterion: 'c', check: { kind: 'reached', measure: 'density', runtime: 'isolate', atLeast: 1000 } },
      { id: 'n', text: 't', source: 's', criterion: 'c', check: { kind: 'neighbour-stopped', measure: 'noisy-neighbour' } },
      { id: 'i', text: 't', source: 's', criterion: 'c', check: { kind: 'probes', measure: 'isolation', runtime: 'isolate', probes: ['env', 'spawn'], outcomes: ['unavailable'] } },
    ]
    const stopped = { limited: { neighbourStopped: true, stoppedBy: 'isolate timeout', victimAnswersAfter: true }, harnessSurvived: true }
    const notStopped = { limited: { neighbourStopped: false, victimAnswersAfter: true }, harnessSurvived: true }
    const r = result([
      scenario('density', 'density', [row('isolate', 'instances', [1000], { details: { largestN: 1000, cap: 1000 } }), row('process', 'instances', [10], { details: { largestN: 10, cap: 10 } })]),
      scenario('noisy', 'noisy-neighbour', [row('isolate', 'x', [], { details: stopped }), row('process', 'x', [], { details: notStopped })]),
      scenario('isolation', 'isolation', [row('isolate', 'probe_ms', [1], { details: { matrix: [{ probe: 'env', outcome: 'unavailable' }, { probe: 'spawn', outcome: 'allowed' }] } })]),
    ])
    expect(evaluateClaims(r, claims).map((v) => [v.id, v.verdict, v.value])).toEqual([
      ['d', 'confirmed', 1000],
      ['n', 'refuted', 1],
      ['i', 'refuted', 1],
    ])
  })

  it('checks a slowdown within each runtime\'s row, one verdict per runtime', () => {
    const claim: Claim = { id: 's', text: 't', source: 's', criterion: 'c', check: { kind: 'slowdown-below', measure: 'noisy-neighbour', numerator: 'beside_ms', denominator: 'alone_ms', below: 2 } }
    const both = (alone: number, beside: number): RuntimeResult['samples'] => [
      ...[0, 1, 2].map((index) => ({ index, warmup: false, ok: true, metrics: { alone_ms: alone } })),
      ...[3, 4, 5].map((index) => ({ index, warmup: false, ok: true, metrics: { beside_ms: beside } })),
    ]
    // Reference: constant samples → ratios 1.5 (below 2: confirmed) and 300 (refuted), CIs equal to them.
    const r = result([scenario('noisy', 'noisy-neighbour', [
      { runtime: 'process', status: 'ok', samples: both(0.2, 0.3), summaries: [] },
      { runtime: 'isolate', status: 'ok', samples: both(0.1, 30), summaries: [] },
    ])])
    expect(evaluateClaims(r, [claim]).map((v) => [v.runtime, v.verdict])).toEqual([['process', 'confirmed'], ['isolate', 'refuted']])
  })

  it('does not confirm or refute a density claim the run capped below its threshold', () => {
    const claim: Claim = { id: 'd', text: 't', source: 's', criterion: 'c', check: { kind: 'reached', measure: 'density', runtime: 'isolate', atLeast: 1000 } }
    const r = result([scenario('density', 'density', [row('isolate', 'instances', [10], { details: { largestN: 10, cap: 10 } })])])
    expect(evaluateClaims(r, [claim])[0]).toMatchObject({ verdict: 'not measured', measured: '10 live isolate instances (capped at 10)' })
  })
})

describe('a noisy-neighbour verdict resting on a dead victim or too few samples', () => {
  const claim: Claim = { id: 's', text: 't', source: 's', criterion: 'c', check: { kind: 'slowdown-below', measure: 'noisy-neighbour', numerator: 'beside_ms', denominator: 'alone_ms', below: 2, victim: 'limited' } }
  const samples = (alone: number[], beside: number[]): RuntimeResult['samples'] => [
    ...alone.map((value, index) => ({ index, warmup: false, ok: true, metrics: { alone_ms: value } })),
    ...beside.map((value, index) => ({ index: alone.length + index, warmup: false, ok: true, metrics: { beside_ms: value } })),
  ]

  it('refutes "barely slows" when the victim died beside the neighbour, even when its one sample was fast', () => {
    // Reference: the isolate:context case: 1 beside sample of 0.1 ms against 0.24 ms alone (0.42x), then the shared isolate was disposed.
    const details = { limited: { neighbourStopped: true, victimAnswersAfter: false, victimError: 'Isolate was disposed during execution due to memory limit' }, harnessSurvived: true }
    const r = result([scenario('noisy-leak', 'noisy-neighbour', [{ runtime: 'isolate:context', status: 'ok', samples: samples([0.24, 0.24, 0.24], [0.1]), summaries: [], details }])])
    const [verdict] = evaluateClaims(r, [claim])
    expect(verdict).toMatchObject({ runtime: 'isolate:context', verdict: 'refuted', ci: null })
    expect(verdict!.measured).toBe('isolate:context victim died after 1 sample(s): Isolate was disposed during execution due to memory limit')
  })

  it('refutes when the victim lived through the window but no longer answers afterwards', () => {
    const details = { limited: { victimAnswersAfter: false, victimError: null } }
    const r = result([scenario('n', 'noisy-neighbour', [{ runtime: 'process', status: 'ok', samples: samples([1, 1, 1], [1, 1, 1]), summaries: [], details }])])
    expect(evaluateClaims(r, [claim])[0]).toMatchObject({ verdict: 'refuted', measured: 'process victim died after 3 sample(s): no answer after the neighbour' })
  })

  it('says not enough data, never confirmed, with fewer than 3 samples a side', () => {
    // Reference: ratio 1 / 1 = 1 would be "below 2x", but 2 beside samples cannot carry a CI.
    const details = { limited: { victimAnswersAfter: true, victimError: null } }
    const r = result([scenario('n', 'noisy-neighbour', [{ runtime: 'process', status: 'ok', samples: samples([1, 1, 1], [1, 1]), summaries: [], details }])])
    expect(evaluateClaims(r, [claim])[0]).toMatchObject({ verdict: 'inconclusive', value: 1, measured: 'process 1.00x, not enough data (2 and 3 samples, 3 needed a side)' })
  })

  it('does not count a limited neighbour as stopped harmlessly when the victim died with it', () => {
    const stoppedClaim: Claim = { id: 'n', text: 't', source: 's', criterion: 'c', check: { kind: 'neighbour-stopped', measure: 'noisy-neighbour' } }
    const details = { limited: { neighbourStopped: true, victimAnswersAfter: true, victimError: 'disposed' }, harnessSurvived: true }
    const r = result([scenario('n', 'noisy-neighbour', [{ runtime: 'isolate:context', status: 'ok', samples: [], summaries: [], details }])])
    expect(evaluateClaims(r, [stoppedClaim])[0]!.verdict).toBe('refuted')
  })
})

describe('the control: without limits the neighbour harms the victim', () => {
  const claim: Claim = { id: 'u', text: 't', source: 's', criterion: 'c', check: { kind: 'slowdown-at-least', measure: 'noisy-neighbour', numerator: 'beside_ms', denominator: 'alone_ms', atLeast: 1.5, victim: 'unlimited' } }
  const samples = (alone: number, beside: number[]): RuntimeResult['samples'] => [
    ...[0, 1, 2].map((index) => ({ index, warmup: false, ok: true, metrics: { alone_ms: alone } })),
    ...beside.map((value, index) => ({ index: 3 + index, warmup: false, ok: true, metrics: { beside_ms: value } })),
  ]
  const alive = { unlimited: { victimAnswersAfter: true, victimError: null } }

  it('confirms when the victim died beside the unlimited neighbour (the budget\'s OOM killer took it)', () => {
    const details = { unlimited: { victimAnswersAfter: false, victimError: 'the process exited (SIGKILL, out of memory: the cgroup memory limit)' } }
    const r = result([scenario('noisy-leak', 'noisy-neighbour', [{ runtime: 'process', status: 'ok', samples: samples(1, [1, 1]), summaries: [], details }])])
    expect(evaluateClaims(r, [claim])[0]).toMatchObject({ verdict: 'confirmed', figure: 'victim died', ci: null })
  })

  it('confirms at or above 1.5x and refutes below it, on the median ratio\'s CI', () => {
    // Reference: constant samples → ratios 80 / 2 = 40x (confirmed) and 2.2 / 2 = 1.1x (refuted), CIs equal to them.
    const r = result([scenario('noisy-spin', 'noisy-neighbour', [
      { runtime: 'process', status: 'ok', samples: samples(2, [80, 80, 80]), summaries: [], details: alive },
      { runtime: 'docker', status: 'ok', samples: samples(2, [2.2, 2.2, 2.2]), summaries: [], details: alive },
    ])])
    expect(evaluateClaims(r, [claim]).map((v) => [v.runtime, v.verdict, v.figure])).toEqual([['process', 'confirmed', '40.0x'], ['docker', 'refuted', '1.10x']])
  })
})

describe('the hardening claim', () => {
  it('names each runtime\'s costliest hardening and checks its share against 10%', () => {
    const claim: Claim = { id: 'h', text: 't', source: 's', criterion: 'c', check: { kind: 'hardening-cost', measure: 'hardening', within: 0.1 } }
    const series = (runtime: string, values: Record<string, number>): RuntimeResult => ({
      runtime, status: 'ok', summaries: [],
      samples: Object.entries(values).flatMap(([metric, value]) => [0, 1, 2].map((index) => ({ index, warmup: false, ok: true, metrics: { [metric]: value } }))),
    })
    // Reference: process 57 vs 42 with memory relaxed → +15 ms, 1.357x (refuted); isolate 2.0 vs 1.95 → +0.05 ms, 1.026x (confirmed).
    const r = result([scenario('hardening', 'hardening', [
      series('process', { hardening_all_ms: 57, hardening_relax_memory_ms: 42, hardening_relax_env_ms: 56 }),
      series('isolate', { hardening_all_ms: 2, hardening_relax_memory_ms: 1.95 }),
    ])])
    expect(evaluateClaims(r, [claim]).map((v) => [v.runtime, v.figure, v.verdict])).toEqual([
      ['process', 'memory +15.0 ms', 'refuted'],
      ['isolate', 'memory +0.050 ms', 'confirmed'],
    ])
  })
})
