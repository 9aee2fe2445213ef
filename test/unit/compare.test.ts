/** The regression gate's pure parts: verdicts, pairing, pooling, environment, parsing, renderers. */
import { describe, expect, it } from 'vitest'
import { environmentDifferences } from '../../src/compare/environment.js'
import { parseResult } from '../../src/compare/load.js'
import { compareResults, isGatedByDefault, type CompareReport } from '../../src/compare/pair.js'
import { poolResults } from '../../src/compare/pool.js'
import { UsageError } from '../../src/errors.js'
import { parseMetricList } from '../../src/options.js'
import { parseThreshold } from '../../src/compare/thresholds.js'
import { formatChange, formatThreshold } from '../../src/report/compare/cells.js'
import { renderCompareMarkdown } from '../../src/report/compare/markdown.js'
import { escapeData, renderGithubAnnotations } from '../../src/report/compare/github-annotations.js'
import type { RunResult, RuntimeResult, Sample } from '../../src/result.js'
import { compareSamples, verdictFor } from '../../src/analysis/stats/compare.js'

describe('verdictFor (t = 10% unless said)', () => {
  it.each([
    // Reference: regressed iff low > 1 + t; improved iff high < 1 − t; unchanged iff [low, high] ⊆ [1 − t, 1 + t].
    [1.12, 1.3, 'regressed'], // 1.12 > 1.10
    [1.1, 1.3, 'inconclusive'], // low = 1.10 is not beyond the threshold
    [0.95, 1.08, 'unchanged'],
    [0.9, 1.1, 'unchanged'], // the bounds are inclusive
    [0.8, 0.89, 'improved'], // 0.89 < 0.90
    [0.85, 1.05, 'inconclusive'], // straddles 0.90
    [0.95, 1.2, 'inconclusive'], // straddles 1.10
    [0.5, 2, 'inconclusive'], // too noisy to tell
    [1.2, Number.POSITIVE_INFINITY, 'regressed'], // a resampled baseline median of 0 makes high infinite
    [Number.NaN, Number.NaN, 'inconclusive'],
  ])('[%f, %f] → %s', (low, high, verdict) => {
    expect(verdictFor({ low, high }, 0.1)).toBe(verdict)
  })

  it('applies other thresholds the same way', () => {
    expect(verdictFor({ low: 1.001, high: 1.01 }, 0)).toBe('regressed')
    expect(verdictFor({ low: 1, high: 1 }, 0)).toBe('unchanged')
    expect(verdictFor({ low: 1.4, high: 3 }, 0.5)).toBe('inconclusive')
    expect(verdictFor({ low: 1.51, high: 2 }, 0.5)).toBe('regressed')
    expect(verdictFor({ low: 0.3, high: 0.49 }, 0.5)).toBe('improved')
  })
})

describe('compareSamples', () => {
  it('gives a point interval for constant samples', () => {
    // Reference: every resampled median is 10 and 12, so every resampled ratio is 12/10 = 1.2.
    const c = compareSamples([10, 10, 10, 10], [12, 12, 12, 12], 0.1)
    expect(c).toMatchObject({ baselineN: 4, currentN: 4, baselineMedian: 10, currentMedian: 12, verdict: 'regressed' })
    expect(c.ratio).toBeCloseTo(1.2, 12)
    expect(c.ci.low).toBeCloseTo(1.2, 12)
    expect(c.ci.high).toBeCloseTo(1.2, 12)
    expect(compareSamples([10, 10, 10, 10], [12, 12, 12, 12], 0.25).verdict).toBe('unchanged') // 1.2 ≤ 1.25
  })

  it('treats the threshold bounds as unchanged and beyond them as improved', () => {
    // Reference: 9/10 = 0.9 = 1 − 0.1 exactly: inside [0.9, 1.1]; with t = 5%, 0.9 < 0.95.
    expect(compareSamples([10, 10, 10], [9, 9, 9], 0.1).verdict).toBe('unchanged')
    expect(compareSamples([10, 10, 10], [9, 9, 9], 0.05).verdict).toBe('improved')
  })

  it('keeps the interval between the extreme ratios of the samples', () => {
    // Reference: resampled medians lie in [min, max] of each sample, so every resampled ratio lies in
    // [20/12, 22/10] = [1.667, 2.2]; the whole interval is above 1.1: regressed.
    const c = compareSamples([10, 11, 12], [20, 21, 22], 0.1)
    expect(c.ratio).toBeCloseTo(21 / 11, 12)
    expect(c.ci.low).toBeGreaterThanOrEqual(20 / 12)
    expect(c.ci.high).toBeLessThanOrEqual(2.2)
    expect(c.verdict).toBe('regressed')
  })

  it('is inconclusive when one interval straddles the threshold', () => {
    // Reference: ratios range over [9/11, 11/9] = [0.82, 1.22], wider than [0.9, 1.1] on both sides
    // with these spread-out samples (the 95% interval reaches beyond both bounds).
    const c = compareSamples([9, 10, 11, 9, 10, 11, 9, 10, 11], [11, 10, 9, 11, 10, 9, 11, 10, 9], 0.1)
    expect(c.ratio).toBe(1)
    expect(c.verdict).toBe('inconclusive')
  })

  it('refuses to decide on fewer than 3 samples a side, or an undefined ratio', () => {
    expect(compareSamples([1, 2], [1, 2, 3], 0.1)).toMatchObject({ verdict: 'inconclusive', note: expect.stringMatching(/too few samples \(2 vs 3/) })
    expect(compareSamples([0, 0, 1], [5, 5, 5], 0.1)).toMatchObject({ verdict: 'inconclusive', note: expect.stringMatching(/ratio undefined/) })
    expect(compareSamples([0, 0, 0], [0, 0, 0], 0.1)).toMatchObject({ verdict: 'unchanged', ratio: 1 })
  })
})

function sample(index: number, metrics: Record<string, number>, extra: Partial<Sample> = {}): Sample {
  return { index, warmup: false, ok: true, metrics, ...extra }
}

function runtime(name: string, values: number[], extra: Partial<RuntimeResult> = {}): RuntimeResult {
  const samples = [
    sample(0, { cold_start_ms: 1000, phase_spawn_ms: 1 }, { warmup: true }), // a warm-up: never compared
    ...values.map((v, i) => sample(i + 1, { cold_start_ms: v, phase_spawn_ms: v / 10, memory_pss_bytes: v, memory_rss_bytes: 100 })),
    sample(values.length + 1, { cold_start_ms: 1e6 }, { ok: false, error: 'boom' }), // failed: never compared
  ]
  return { runtime: name, status: 'ok', samples, summaries: [], ...extra }
}

function result(runtimes: RuntimeResult[], overrides: Partial<RunResult> = {}, scenario = 'cold-start', sha256 = 'aaa'): RunResult {
  return {
    schemaVersion: 1,
    tool: { name: 'isobench', version: '0.1.0' },
    runId: 'r',
    startedAt: '2026-11-23T08:00:00.000Z',
    complete: true,
    environment: { cpuModel: 'Xeon', cpuCount: 2, node: 'v20.20.2', runtimes: { docker: { version: 'docker 20.10.24 (runc)', details: { ociRuntime: 'runc' } } }, limits: { memoryMb: 128 } },
    options: { image: null },
    scenarios: [{ name: scenario, description: '', measure: 'cold-start', workload: { name: 'hello', path: '/x/hello.js', sha256 }, input: null, runs: 3, warmup: 1, runtimes }],
    ...overrides,
  }
}

describe('compareResults', () => {
  const baseline = { path: 'base.json', result: result([runtime('process', [10, 10, 10]), runtime('isolate', [2, 2, 2]), runtime('docker', [300, 300, 300])]) }
  const skipped: RuntimeResult = { runtime: 'docker', status: 'skipped', reason: 'Docker daemon not reachable', samples: [], summaries: [] }
  const current = { path: 'new.json', result: result([runtime('process', [20, 20, 20]), runtime('isolate', [2, 2, 2]), skipped]) }

  it('compares measured, successful samples of the default metrics and notes what it could not', () => {
    const report = compareResults(baseline, current, { threshold: 0.1 })
    expect(report.comparisons.map((c) => `${c.runtime} ${c.metric} ${c.verdict} n=${c.currentN}`)).toEqual([
      'process cold_start_ms regressed n=3', // 20/10 = 2: warm-up (1000) and failed (1e6) samples left out
      'process memory_rss_bytes unchanged n=3',
      'isolate cold_start_ms unchanged n=3',
      'isolate memory_rss_bytes unchanged n=3',
    ])
    expect(report.counts).toEqual({ regressed: 1, inconclusive: 0, improved: 0, unchanged: 3 })
    expect(report.regressed).toBe(true)
    expect(report.notes).toEqual(['cold-start/docker: nothing measured now (skipped: Docker daemon not reachable)'])
  })

  it('compares phases, teardown and PSS only when asked', () => {
    expect(isGatedByDefault('cold_start_ms')).toBe(true)
    expect(['phase_spawn_ms', 'teardown_ms', 'memory_pss_bytes', 'memory_shim_pss_bytes'].some(isGatedByDefault)).toBe(false)
    // what the sandbox reports about itself (a workload can patch its heap figure) is never gated by default
    expect(['memory_heap_bytes', 'memory_external_bytes'].some(isGatedByDefault)).toBe(false)
    expect(['memory_rss_bytes', 'memory_cgroup_bytes', 'memory_rss_growth_bytes'].every(isGatedByDefault)).toBe(true)
    const all = compareResults(baseline, current, { threshold: 0.1, metrics: 'all' })
    expect(all.comparisons.filter((c) => c.runtime === 'process').map((c) => c.metric)).toEqual(['cold_start_ms', 'phase_spawn_ms', 'memory_pss_bytes', 'memory_rss_bytes'])
    const picked = compareResults(baseline, current, { threshold: 0.1, metrics: ['phase_spawn_ms'], runtimes: ['isolate'] })
    expect(picked.comparisons.map((c) => `${c.runtime} ${c.metric}`)).toEqual(['isolate phase_spawn_ms'])
  })

  it('compares run medians when both sides pool several runs', () => {
    // Reference: run medians 10, 11, 12 against 20, 21, 22 (n = 3 runs a side); every resampled median
    // of run medians lies in those ranges, so the interval lies in [20/12, 22/10] = [1.67, 2.2]: regressed.
    const side = (path: string, medians: number[]) => {
      const runs = medians.map((m) => result([runtime('isolate', [m, m, m])]))
      return { path, result: poolResults(runs, path), runs }
    }
    const report = compareResults(side('a', [10, 11, 12]), side('b', [20, 21, 22]), { threshold: 0.1, metrics: ['cold_start_ms'] })
    expect(report.comparisons).toHaveLength(1)
    const c = report.comparisons[0]!
    expect(c).toMatchObject({ level: 'runs', baselineN: 3, currentN: 3, baselineMedian: 11, currentMedian: 21, verdict: 'regressed' })
    expect(c.ci.low).toBeGreaterThanOrEqual(20 / 12)
    expect(c.ci.high).toBeLessThanOrEqual(2.2)
    // Reference: one run of each side hit by load (30): run medians [10, 10, 30] vs [10, 30, 30]; the
    // interval reaches from 10/30 to 30/10, so the verdict waits for more runs instead of failing.
    expect(compareResults(side('a', [10, 10, 30]), side('b', [10, 30, 30]), { threshold: 0.1, metrics: ['cold_start_ms'] }).comparisons[0]!.verdict).toBe('inconclusive')
  })

  it('notes an interrupted run', () => {
    const interrupted = { path: 'cut.json', result: { ...current.result, complete: false } }
    expect(compareResults(baseline, interrupted, { threshold: 0.1 }).notes).toContain('the current run was interrupted: only what it measured is compared')
  })

  it('returns nothing to compare for different scenario names, with notes for both', () => {
    const other = { path: 'other.json', result: result([runtime('process', [1, 1, 1])], {}, 'warm') }
    const report = compareResults(baseline, other, { threshold: 0.1 })
    expect(report.comparisons).toEqual([])
    expect(report.notes).toEqual(['scenario warm: not in the baseline', 'scenario cold-start: in the baseline only'])
  })
})

describe('environmentDifferences', () => {
  it('is empty for the same environment', () => {
    expect(environmentDifferences(result([]), result([]), ['docker'])).toEqual([])
  })

  it('names CPU, Node, Docker, image, limits and workload changes, before → after', () => {
    const after = result([], {
      environment: { cpuModel: 'EPYC', cpuCount: 2, node: 'v22.1.0', loadAverage: [7, 5, 3], runtimes: { docker: { version: 'docker 24.0.7 (crun)', details: { ociRuntime: 'crun' } } }, limits: { memoryMb: 256 } },
      options: { image: 'node:22-slim' },
    }, 'cold-start', 'bbb')
    after.scenarios[0]!.workload.name = 'hello-slow'
    // Reference: load 1.0 / 2 CPUs = 0.50 and 7.0 / 2 = 3.50 differ by 3.0 ≥ 0.5 per CPU.
    const before = result([])
    ;(before.environment as Record<string, unknown>).loadAverage = [1, 1, 1]
    expect(environmentDifferences(before, after, ['docker'])).toEqual([
      'CPU: Xeon → EPYC',
      'Node: v20.20.2 → v22.1.0',
      "load average (1 min, per CPU): 0.50 → 3.50 (timings follow the machine's load)",
      'docker version: docker 20.10.24 (runc) → docker 24.0.7 (crun)',
      'docker ociRuntime: runc → crun',
      'limit memoryMb: 128 → 256',
      'image: null → node:22-slim',
      'scenario cold-start: workload source differs (hello.js sha256 aaa → hello-slow.js bbb)',
    ])
  })
})

describe('environmentDifferences of merged results (many hosts)', () => {
  const merged = (hosts: Array<[string, Record<string, unknown>]>): RunResult => {
    const base = result([])
    return { ...base, hosts: hosts.map(([host, environment]) => ({ host, runId: host, startedAt: base.startedAt, complete: true, environment: { ...base.environment, ...environment } as RunResult['environment'], options: base.options })) }
  }

  it('compares each host with the same host on the other side, and names a host found on one side only', () => {
    const before = merged([['a', {}], ['b', {}], ['c', {}]])
    const after = merged([['a', {}], ['b', { node: 'v22.1.0' }], ['d', {}]])
    // Reference: a is identical; b's Node moved; d is new; c is gone. Every line says its host.
    expect(environmentDifferences(before, after, [])).toEqual([
      'host b: Node: v20.20.2 → v22.1.0',
      'host d: only in the current result',
      'host c: only in the baseline',
    ])
  })
})

describe('environmentDifferences across Node versions (--node)', () => {
  const withRuntimes = (runtimes: Record<string, unknown>) => result([], { environment: { cpuModel: 'Xeon', cpuCount: 2, node: 'v20.20.2', runtimes, limits: { memoryMb: 128 } } })

  it('names a row\'s own Node and V8 when --node changed them, not an in-harness row\'s (the host line covers it)', () => {
    const before = withRuntimes({
      process: { version: 'node v20.20.2', details: { node: 'v20.20.2', v8: '11.3', nodePath: '/usr/bin/node' } },
      isolate: { version: 'isolated-vm 5.0.4', details: { node: 'v20.20.2', v8: '11.3', inHarness: true } },
    })
    const after = withRuntimes({
      process: { version: 'node v24.11.1', details: { node: 'v24.11.1', v8: '13.6', nodePath: '/tmp/node24/bin/node' } },
      isolate: { version: 'isolated-vm 5.0.4', details: { node: 'v20.20.2', v8: '11.3', inHarness: true } },
    })
    expect(environmentDifferences(before, after, ['process', 'isolate'])).toEqual([
      'process version: node v20.20.2 → node v24.11.1',
      'process node: v20.20.2 → v24.11.1',
      'process v8: 11.3 → 13.6',
    ])
  })
})

describe('poolResults', () => {
  it('concatenates the samples of each scenario × runtime, re-indexed', () => {
    const pooled = poolResults([result([runtime('process', [1, 2, 3])]), result([runtime('process', [4, 5, 6]), runtime('isolate', [7, 8, 9])])], 'baseline')
    const processRow = pooled.scenarios[0]!.runtimes.find((r) => r.runtime === 'process')!
    expect(processRow.samples.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(processRow.samples.filter((s) => !s.warmup && s.ok).map((s) => s.metrics.cold_start_ms)).toEqual([1, 2, 3, 4, 5, 6])
    expect(pooled.scenarios[0]!.runtimes.map((r) => r.runtime)).toEqual(['process', 'isolate'])
    expect(pooled.scenarios[0]!.runs).toBe(6)
  })

  it('refuses to pool different builds of a workload', () => {
    expect(() => poolResults([result([], {}, 'cold-start', 'aaa'), result([], {}, 'cold-start', 'bbb')], 'current')).toThrow(/current files disagree on scenario cold-start's workload/)
  })
})

describe('parseResult', () => {
  it.each([
    ['{"schemaVersion": 1,', /^baseline b\.json is not valid JSON/],
    ['[1, 2]', /is not an isobench result \(no schemaVersion\)/],
    ['{"schemaVersion": 2, "scenarios": []}', /has schemaVersion 2; this isobench reads version 1/],
    ['{"schemaVersion": 1}', /is malformed: no "scenarios" list/],
    ['{"schemaVersion": 1, "scenarios": [{"name": "x", "runtimes": [{"runtime": "process", "samples": [{"ok": true}]}]}]}', /runtime process: sample 0 is not \{ok, warmup, metrics\}/],
  ])('%s → a one-line usage error', (text, message) => {
    expect(() => parseResult(text, 'b.json', 'baseline')).toThrow(UsageError)
    expect(() => parseResult(text, 'b.json', 'baseline')).toThrow(message)
  })

  it('accepts a well-formed result', () => {
    expect(parseResult(JSON.stringify(result([runtime('process', [1, 2, 3])])), 'b.json', 'baseline').scenarios).toHaveLength(1)
  })
})

describe('option parsers', () => {
  it('reads a threshold as a percentage', () => {
    expect(parseThreshold('10%')).toBe(0.1)
    expect(parseThreshold('7.5%')).toBe(0.075)
    expect(parseThreshold('0%')).toBe(0)
    for (const bad of ['10', '-5%', 'ten%', '2000%', '']) expect(() => parseThreshold(bad)).toThrow(/expected --threshold to be a percentage/)
  })

  it('reads a metric list or all', () => {
    expect(parseMetricList('--metric')('cold_start_ms, memory_rss_bytes')).toEqual(['cold_start_ms', 'memory_rss_bytes'])
    expect(parseMetricList('--metric')('all')).toBe('all')
    expect(() => parseMetricList('--metric')(' , ')).toThrow(/--metric needs at least one name/)
  })
})

describe('renderers', () => {
  const report: CompareReport = compareResults(
    { path: 'base.json', result: result([runtime('isolate', [2, 2, 2])]) },
    { path: 'new.json', result: result([runtime('isolate', [25, 25, 25])], { environment: { cpuModel: 'Xeon', cpuCount: 2, node: 'v22.1.0' } }) },
    { threshold: 0.1, metrics: ['cold_start_ms'] },
  )

  it('formats changes and thresholds as percentages', () => {
    // Reference: 1.52 − 1 = +52%; 0.969 − 1 = −3.1%; 25/2 = 12.5 → +1150%.
    expect(formatChange(1.52)).toBe('+52%')
    expect(formatChange(0.969)).toBe('−3.1%')
    expect(formatChange(1)).toBe('±0%')
    expect(formatChange(12.5)).toBe('+1150%')
    expect(formatThreshold(0.1)).toBe('10%')
    expect(formatThreshold(0.075)).toBe('7.5%')
  })

  it('renders Markdown with the regression in bold and the environment differences listed', () => {
    const md = renderCompareMarkdown(report)
    expect(md).toMatch(/^### isobench compare: regression \(1\)$/m)
    expect(md).toContain('| scenario | runtime | metric | baseline median | current median | ratio | 95% CI | verdict |')
    expect(md).toContain('| cold-start | isolate | cold_start_ms | 2.00 ms (n=3) | 25.0 ms (n=3) | 12.5 (+1150%) | 12.5–12.5 | **regressed** |')
    expect(md).toMatch(/^- Node: v20\.20\.2 → v22\.1\.0$/m)
  })

  it('prints one ::error per regression and one ::warning per difference, escaped', () => {
    const lines = renderGithubAnnotations(report).trim().split('\n')
    expect(lines[0]).toBe('::error title=isobench%3A performance regression::cold-start/isolate cold_start_ms: 2.00 ms → 25.0 ms (ratio 12.5, 95%25 CI 12.5–12.5, above 1.10)')
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(report.environmentDifferences.length + report.notes.length)
    expect(escapeData('50%\nnext')).toBe('50%25%0Anext')
  })
})
