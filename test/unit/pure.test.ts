import { describe, expect, it } from 'vitest'
import { formatBytes, formatMs, formatRatio } from '../../src/format.js'
import { csvField, renderSummaryCsv } from '../../src/report/csv.js'
import { summarizeSamples } from '../../src/report/summaries.js'
import { closest } from '../../src/suggest.js'
import { parseIntegerOption } from '../../src/options.js'
import type { RunResult } from '../../src/result.js'

describe('csv', () => {
  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField(Number.NaN)).toBe('')
    expect(csvField(1.5)).toBe('1.5')
  })

  it('writes one summary row per scenario, runtime and metric', () => {
    const samples = [
      { index: 0, warmup: true, ok: true, metrics: { cold_start_ms: 100 } },
      { index: 1, warmup: false, ok: true, metrics: { cold_start_ms: 2, memory_rss_bytes: 10 } },
      { index: 2, warmup: false, ok: true, metrics: { cold_start_ms: 4, memory_rss_bytes: 30 } },
      { index: 3, warmup: false, ok: false, error: 'x', metrics: { cold_start_ms: 999 } },
    ]
    const result = {
      scenarios: [{ name: 'cold-start', runtimes: [{ runtime: 'process', summaries: summarizeSamples(samples) }] }],
    } as unknown as RunResult
    expect(renderSummaryCsv(result)).toBe(
      'scenario,runtime,metric,unit,n,median,mean,stddev,min,p95,p99,max,median_ci_low,median_ci_high,outliers\n' +
        // Reference: [2, 4] → median 3, mean 3, sd √2 = 1.4142135623730951, p95 = 2 + 2·0.95 = 3.9, p99 = 3.98;
        // bootstrap medians of two values are 2 (p = 1/4), 3 (1/2) or 4 (1/4): the 2.5% and 97.5% quantiles are 2 and 4
        'cold-start,process,cold_start_ms,ms,2,3,3,1.4142135623730951,2,3.9,3.98,4,2,4,0\n' +
        'cold-start,process,memory_rss_bytes,bytes,2,20,20,14.142135623730951,10,29,29.8,30,10,30,0\n',
    )
  })
})

describe('formatting and options', () => {
  it('formats with precision that suits the magnitude', () => {
    expect([formatMs(0.4123), formatMs(3.214), formatMs(41.23), formatMs(219.4)]).toEqual(['0.412', '3.21', '41.2', '219'])
    expect(formatBytes(41.4 * 1024 * 1024)).toBe('41.4 MiB')
    expect(formatBytes(655360)).toBe('640 KiB')
    expect([formatRatio(183.2), formatRatio(18.94), formatRatio(1.5)]).toEqual(['183x', '18.9x', '1.50x'])
  })

  it('suggests the closest runtime name', () => {
    expect(closest('isolat', ['docker', 'process', 'isolate'])).toBe('isolate')
    expect(closest('dokcer', ['docker', 'process', 'isolate'])).toBe('docker')
    expect(closest('zzzzzz', ['docker', 'process', 'isolate'])).toBeUndefined()
  })

  it('parses integer options strictly', () => {
    const runs = parseIntegerOption('--runs', 1)
    expect(runs('12')).toBe(12)
    for (const bad of ['0', '-1', '1.5', 'ten', '', '1e3']) expect(() => runs(bad)).toThrow(/expected --runs to be an integer/)
  })
})
