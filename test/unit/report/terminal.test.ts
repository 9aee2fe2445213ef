import { describe, expect, it } from 'vitest'
import { measureTables } from '../../../src/measure/kinds/index.js'
import { claimsTables } from '../../../src/report/tables/claims.js'
import { drawTable, renderTerminal } from '../../../src/report/terminal.js'
import { analyseRun } from '../../../src/analysis/index.js'
import type { ClaimVerdict } from '../../../src/analysis/claims/types.js'
import { summarizeSamples } from '../../../src/analysis/summaries.js'
import type { RunResult, RuntimeResult, ScenarioResult } from '../../../src/result.js'

const renderTables = (result: RunResult, options = {}) => renderTerminal(analyseRun(result), { ...options, tablesOf: measureTables })
const renderClaims = (verdicts: ClaimVerdict[], isDetailed = false) => claimsTables(verdicts, isDetailed).map((view) => drawTable(view, {})).join('\n')

const scenario = (name: string, measure: string, runtimes: RuntimeResult[], settings?: Record<string, unknown>): ScenarioResult => ({
  name, description: '', measure, workload: { name: 'w', path: '/w.js', sha256: '' }, input: null, runs: 3, warmup: 1, settings, runtimes,
})
const result = (scenarios: ScenarioResult[]): RunResult => ({ schemaVersion: 1, tool: { name: 'isobench', version: '0' }, runId: 'r', startedAt: '', complete: true, environment: {}, options: {}, scenarios })
const samples = (metric: string, values: number[]) => values.map((value, index) => ({ index, warmup: false, ok: true, metrics: { [metric]: value } }))

describe('one table per measure kind', () => {
  it('isolation: runtimes × probes, outcome and what stopped it, a detail line per cell', () => {
    const text = renderTables(result([scenario('isolation', 'isolation', [
      { runtime: 'isolate', status: 'ok', samples: [], summaries: [], details: { matrix: [
        { probe: 'env', attempt: 'read env', outcome: 'unavailable', by: 'no such API', detail: 'no process object' },
        { probe: 'forever', attempt: 'run forever', outcome: 'stopped', by: 'isolate timeout', detail: 'Script execution timed out.' },
      ] } },
      { runtime: 'docker', status: 'skipped', reason: 'no daemon', fix: 'start it', samples: [], summaries: [] },
    ], { probes: ['env', 'forever'] })]))
    expect(text).toMatch(/│ runtime │ env\s+│ forever\s+│/)
    expect(text).toMatch(/│ isolate │ unavailable\s+│ stopped\s+│/)
    expect(text).toMatch(/│\s+│ no such API\s+│ isolate timeout\s+│/)
    expect(text).toMatch(/│ docker\s+│ skipped: no daemon; start it/)
    expect(text).toContain('  isolate forever: Script execution timed out.')
  })

  it('warm-invoke: median with its CI and the ratio to the fastest', () => {
    const text = renderTables(result([scenario('warm', 'warm-invoke', [
      { runtime: 'process', status: 'ok', samples: samples('warm_invoke_ms', [0.4, 0.4, 0.4]), summaries: summarizeSamples(samples('warm_invoke_ms', [0.4, 0.4, 0.4])) },
      { runtime: 'isolate', status: 'ok', samples: samples('warm_invoke_ms', [0.1, 0.1, 0.1]), summaries: summarizeSamples(samples('warm_invoke_ms', [0.1, 0.1, 0.1])) },
    ])]))
    // Reference: constant samples → CI equals the median; 0.4 / 0.1 = 4.00x.
    expect(text).toMatch(/│ process │ 3 │ 0\.400\s+│/)
    expect(text).toMatch(/│\s+│\s+│ \[0\.400–0\.400\] │/)
    expect(text).toMatch(/4\.00x/)
    expect(text).toMatch(/│ isolate │ 3 │ 0\.100\s+│ .* 1\.00x\s+│/)
  })

  it('noisy-neighbour: a variant an interrupt never reached says so; a tenant host and a time-limit-only CPU limit are noted', () => {
    const alone = samples('victim_alone_ms', [1, 1, 1])
    const budget = { applied: true, memoryMaxBytes: null, cpus: 1, tenantHost: true }
    const limited = { limits: { memoryMb: 64, timeoutMs: 1000, cpus: 0.1 }, neighbours: 2, neighbourStopped: true, stoppedBy: 'isolate timeout', neighbourMs: 1001, victimAnswersAfter: true, victimError: null, budget }
    const text = renderTables(result([scenario('noisy-spin', 'noisy-neighbour', [
      { runtime: 'isolate', status: 'ok', samples: alone, summaries: summarizeSamples(alone), details: { limited, harnessSurvived: true } },
    ])]))
    expect(text).toMatch(/│\s+│ unlimited\s+│.*│ not run \(interrupted\)\s+│/)
    expect(text).toContain('isolate: one budget cgroup per variant holds one tenant host process with the victim and its neighbours: 1 CPU')
    expect(text).toContain('isolate: no CPU quota per instance in one process; the only CPU limit is the time limit (1000 ms)')
  })

  it('hardening: a cost whose whole CI is below zero is named as faster in force, with why where known', () => {
    const rows = [50, 51, 52, 53, 54].map((all, index) => ({ index, warmup: false, ok: true, metrics: { hardening_all_ms: all, hardening_relax_env_ms: all + 40, hardening_relax_memory_ms: all - 12 } }))
    const text = renderTables(result([scenario('hardening', 'hardening', [{ runtime: 'process', status: 'ok', samples: rows, summaries: summarizeSamples(rows) }])]))
    expect(text).toContain('process minimal env: −40.0 ms, faster in force than relaxed: relaxed, the host\'s environment reaches the workload')
    expect(text).not.toMatch(/process memory cap: .*faster in force/)
  })

  it('density: largest N over its cap, the steps and why it stopped', () => {
    const steps = [1, 10].map((n, index) => ({ index, warmup: false, ok: true, metrics: { instances: n, start_nth_ms: 2, memory_host_drop_bytes: n * 1048576, memory_host_bytes: 1048576 } }))
    const text = renderTables(result([scenario('density', 'density', [
      { runtime: 'isolate', status: 'ok', samples: steps, summaries: [], details: { largestN: 10, cap: 1000, stopReason: 'time budget (90 s) spent', hostSlopeBytes: 1048576, instancesPerGiB: 1024, stopAllMs: 5 } },
    ])]))
    expect(text).toMatch(/│ isolate │ 10\s+│ 1: 2\.00\s+│ 1: 1\.0 MiB\s+│ 1\.0 MiB\s+│ 1024\s+│ time budget \(90 s\)/)
    expect(text).toMatch(/│ \(1000\)\s+│ 10: 2\.00\s+│ 10: 10\.0 MiB/)
  })

  it('claims: a matrix of claims × runtimes with a mark and figure per cell, the claims with sources and criteria below; the detail on request', () => {
    const base = { source: 'Vendor (2018)', criterion: 'CI above 50x', scenario: 'cold-start', ci: null }
    const verdicts: ClaimVerdict[] = [
      { ...base, id: 'a', claim: 'Isolates start fast', runtime: 'docker/isolate', measured: 'docker/isolate 120x [80x, 150x]', figure: '120x', value: 120, ci: { low: 80, high: 150, confidence: 0.95 }, verdict: 'confirmed' },
      { ...base, id: 'a', claim: 'Isolates start fast', runtime: 'process/isolate', measured: 'process/isolate 21x [18x, 25x]', figure: '21x', value: 21, verdict: 'refuted' },
      { ...base, id: 'p', claim: 'Same speed', source: 'V8', criterion: 'within 10%', scenario: 'cpu-fib', runtime: 'worker', measured: 'worker/process 1.11x [0.9x, 1.3x]', figure: '1.11x', value: 1.11, verdict: 'inconclusive' },
      { ...base, id: 'n', claim: 'Limits stop neighbours', source: 'Docker docs', criterion: 'every runtime', scenario: 'noisy-leak', runtime: null, measured: 'process: heap cap', figure: '2/2 runtimes', value: 2, verdict: 'confirmed' },
      { ...base, id: 'b', claim: 'Thousands', criterion: '1000 reached', scenario: null, runtime: null, measured: 'no density scenario in this run', figure: '', value: null, verdict: 'not measured' },
    ]
    const text = renderClaims(verdicts)
    expect(text).toContain('confirmed when the whole 95% CI is on the claim\'s side of the threshold')
    expect(text).toMatch(/claim +│ docker +│ process +│ worker +│ all/)
    expect(text).toMatch(/1\. Isolates start fast +│ ✔ 120x +│ ✘ 21x +│ +│/)
    expect(text).toMatch(/2\. Same speed +│ +│ +│ \? 1\.11x/)
    expect(text).toContain('✔ 2/2 runtimes')
    expect(text).toContain('  1. Isolates start fast. Source: Vendor (2018). Confirmed here when: CI above 50x.')
    expect(text).not.toContain('Thousands')
    expect(text).not.toContain('CONFIRMED')
    expect(text).toContain('2 confirmed, 1 refuted, 1 inconclusive, 1 not measured (1 because their scenario did not run)')
    const detail = renderClaims(verdicts, true)
    expect(detail).toMatch(/Isolates start fast \[1\]/)
    expect(detail).toContain('  [1] Vendor (2018)')
    expect(detail).toMatch(/CONFIRMED/)
    expect(detail).toMatch(/docker\/isolate 120x/)
  })
})
