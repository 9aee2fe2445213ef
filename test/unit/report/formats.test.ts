import { describe, expect, it } from 'vitest'
import { measureTables } from '../../../src/measure/kinds/index.js'
import { analyseRun } from '../../../src/analysis/index.js'
import { summarizeSamples } from '../../../src/analysis/summaries.js'
import { renderReport } from '../../../src/report/formats.js'
import type { RunResult, RuntimeResult } from '../../../src/result.js'
import { handBuiltResult } from '../../fixtures/result.js'

function row(runtime: string, values: number[]): RuntimeResult {
  const samples = values.map((value, index) => ({ index, warmup: false, ok: true, metrics: { cpu_call_ms: value } }))
  return { runtime, status: 'ok', samples, summaries: summarizeSamples(samples) }
}

/** A cpu scenario where process is not the fastest: the ratio column must name process in every format. */
function cpuResult(): RunResult {
  const base = handBuiltResult()
  const scenario = { ...base.scenarios[0]!, name: 'cpu-fib', measure: 'cpu', runtimes: [row('process', [10, 10, 10]), row('isolate', [5, 5, 5])] }
  return { ...base, scenarios: [scenario] }
}

describe('every format shows the same headline table', () => {
  it('the cpu ratio is against process in the terminal, Markdown and HTML', async () => {
    const analysis = analyseRun(cpuResult())
    const terminal = await renderReport(analysis, 'table', { tablesOf: measureTables })
    const markdown = await renderReport(analysis, 'md', { tablesOf: measureTables })
    const html = await renderReport(analysis, 'html', { tablesOf: measureTables })
    // Reference: isolate median 5 / process median 10 = 0.5; constant samples → CI [0.5, 0.5]
    expect(terminal).toMatch(/│ vs process\s*│/)
    expect(terminal).toMatch(/│ isolate │ 3 │ 5\.00\s*│[^\n]*│ 0\.50x\s*│/)
    expect(markdown).toContain('| runtime | n | median ms [95% CI] | p95 ms | p99 ms | min ms | max ms | vs process [95% CI] |')
    expect(markdown).toContain('| isolate | 3 | 5.00 [5.00–5.00] | 5.00 | 5.00 | 5.00 | 5.00 | 0.50x [0.50x–0.50x] |')
    expect(html).toContain('<th class="num">vs process [95% CI]</th>')
    expect(html).toContain('<td class="num">0.50x [0.50x–0.50x]</td>')
  })

  it('the cold-start headline has the same cells in the terminal and Markdown', async () => {
    const analysis = analyseRun(handBuiltResult())
    const terminal = await renderReport(analysis, 'table', { tablesOf: measureTables })
    const markdown = await renderReport(analysis, 'md', { tablesOf: measureTables })
    expect(terminal).toContain('15.0x slower, 95% CI 6.67–40.0x')
    expect(markdown).toContain('| process | 3 (+1 failed) | 30.0 [20.0–40.0] | 39.0 | 20.0–40.0 | 40.0 MiB |  | 15.0x slower, 95% CI 6.67–40.0x |  |')
  })
})
