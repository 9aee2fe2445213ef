/** The cpu table (report/tables/cpu.ts): CPU time and inside time beside the round trip, ratios against process, the precision reached. */
import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../../../src/analysis/index.js'
import { summarizeSamples } from '../../../../src/analysis/summaries.js'
import type { RuntimeResult, Sample } from '../../../../src/result.js'
import { cpuTables } from '../../../../src/report/tables/cpu.js'
import { handBuiltResult } from '../../../fixtures/result.js'

/** A row whose samples are the round trips, then one sample per inside-timed request (inside wall, CPU time). */
function row(runtime: string, trips: number[], inside: [number, number][]): RuntimeResult {
  const samples: Sample[] = [
    ...trips.map((ms, index) => ({ index, warmup: false, ok: true, metrics: { cpu_call_ms: ms } })),
    ...inside.map(([wall, cpu], i) => ({ index: trips.length + i, warmup: false, ok: true, metrics: { cpu_inside_ms: wall, cpu_usage_ms: cpu } })),
  ]
  return { runtime, status: 'ok', samples, summaries: summarizeSamples(samples) }
}

function cpuScenario(runtimes: RuntimeResult[]) {
  const base = handBuiltResult().scenarios[0]!
  return analyseScenario({ ...base, name: 'cpu-fib', measure: 'cpu', settings: { insideRepeat: 5 }, runtimes })
}

describe('cpuTables', () => {
  it('shows CPU time, inside time and round trip, each against process, and how finely the CPU-time ratio is resolved', () => {
    // Reference: docker CPU 7.7 / process 7 = 1.10x, constant samples → CI [1.10x, 1.10x], resolved to ±0.0%;
    // inside 16 / 8 = 2.00x; round trip 30 / 20 = 1.50x.
    const analysis = cpuScenario([row('process', [20, 20, 20], [[8, 7], [8, 7], [8, 7]]), row('docker', [30, 30, 30], [[16, 7.7], [16, 7.7], [16, 7.7]])])
    const [table] = cpuTables(analysis, 'cpu')
    expect(table!.header.map((h) => h.replace(/\n/g, ' '))).toEqual(['runtime', 'n', 'CPU time ms* [95% CI]', 'vs process [95% CI]', 'ratio resolved to', 'inside ms* [95% CI]', 'vs process [95% CI]', 'round trip ms [95% CI]', 'vs process [95% CI]'])
    expect(table!.rows[0]!.cells.slice(3, 5)).toEqual(['1.00x', 'reference'])
    expect(table!.rows[1]!.cells.map((c) => c.replace(/\n/g, ' '))).toEqual(['docker', '3', '7.70 [7.70–7.70]', '1.10x [1.10x–1.10x]', '±0.0%', '16.0 [16.0–16.0]', '2.00x [2.00x–2.00x]', '30.0 [30.0–30.0]', '1.50x [1.50x–1.50x]'])
    expect(table!.notes[0]).toMatch(/calls the handler 5 times and keeps the fastest/)
    expect(table!.notes[0]).toMatch(/workerd: the workerd process's during the whole request.*a mean, not the fastest/)
  })

  it('falls back to the round-trip table for a result recorded without inside times', () => {
    const analysis = cpuScenario([row('process', [20, 20, 20], []), row('docker', [30, 30, 30], [])])
    const [table] = cpuTables(analysis, 'cpu')
    expect(table!.header.map((h) => h.replace(/\n/g, ' '))).toContain('median ms [95% CI]')
  })
})
