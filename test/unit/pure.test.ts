import { describe, expect, it } from 'vitest'
import { csvField, renderSummaryCsv } from '../../src/report/csv.js'
import { summarizeSamples } from '../../src/analysis/summaries.js'
import { parseLdd } from '../../src/runtimes/docker-image.js'
import type { RunResult } from '../../src/result.js'

describe('parseLdd', () => {
  it('keeps the libraries and the loader, drops the vdso', () => {
    const output = [
      '\tlinux-vdso.so.1 (0x00007ffd3a1f2000)',
      '\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f2c3c000000)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2c3be1f000)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007f2c3f8a5000)',
    ].join('\n')
    expect(parseLdd(output)).toEqual(['/lib/x86_64-linux-gnu/libstdc++.so.6', '/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2'])
  })
})

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
