import { describe, expect, it } from 'vitest'
import { csvField, renderSamplesCsv, renderSummaryCsv, SAMPLE_COLUMNS } from '../../../src/report/csv.js'
import { handBuiltResult } from '../../fixtures/result.js'
import { summarizeSamples } from '../../../src/analysis/summaries.js'
import type { RunResult } from '../../../src/result.js'

describe('CSV reports', () => {
  it('quotes a field only when it holds a comma, a quote or a line break, doubling quotes (RFC 4180 §2.6–2.7)', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(undefined)).toBe('')
    expect(csvField(Number.NaN)).toBe('')
    expect(csvField(false)).toBe('false')
  })

  it('writes the summary with its fixed leading columns, one row per runtime and metric', () => {
    const lines = renderSummaryCsv(handBuiltResult()).trimEnd().split('\n')
    expect(lines[0]!.startsWith('scenario,runtime,metric,unit,n,median,mean,stddev,min,p95,p99,max,')).toBe(true)
    // Reference: process cold starts sorted [20, 30, 40]: median 30, mean 30, sample sd 10;
    // type-7 p95 at position 2 × 0.95 = 1.9 → 30 + 0.9 × 10 = 39; p99 at 1.98 → 39.8
    // then the appended columns: the median's 95% CI (bootstrap of 3 values: [min, max], see the
    // Markdown test), the outlier count, who observed it (the first answer seen: the harness), and the host (none: one machine)
    expect(lines).toContain('cold-start,process,cold_start_ms,ms,3,30,30,10,20,39,39.8,40,20,40,0,harness,')
    expect(lines.filter((line) => line.startsWith('cold-start,docker,'))).toEqual([])
  })

  it('writes one raw row per sample and metric, warm-ups flagged, failures with their quoted error', () => {
    const text = renderSamplesCsv(handBuiltResult())
    expect(text.split('\n')[0]).toBe(SAMPLE_COLUMNS.join(','))
    expect(SAMPLE_COLUMNS).toEqual(['scenario', 'runtime', 'index', 'metric', 'value', 'unit', 'warmup', 'ok', 'error', 'host'])
    expect(text).toContain('\ncold-start,isolate,0,cold_start_ms,9,ms,true,true,,\n')
    expect(text).toContain('\ncold-start,isolate,2,memory_heap_bytes,1048576,bytes,false,true,,\n')
    expect(text).toContain('\ncold-start,process,3,,,,false,false,"boom, ""quoted""\nsecond line",\n')
    // Reference: isolate 3 + 5 + 5 + 5 metrics, process 6 × 3 + 1 failed row
    const records = text.trimEnd().split(/\n(?=cold-start,)/)
    expect(records).toHaveLength(1 + 18 + 19)
  })

  it('writes one summary row per scenario, runtime and metric', () => {
    const samples = [
      { index: 0, warmup: true, ok: true, metrics: { cold_start_ms: 100 } },
      { index: 1, warmup: false, ok: true, metrics: { cold_start_ms: 2, memory_rss_bytes: 10, memory_heap_bytes: 5 } },
      { index: 2, warmup: false, ok: true, metrics: { cold_start_ms: 4, memory_rss_bytes: 30, memory_heap_bytes: 5 } },
      { index: 3, warmup: false, ok: false, error: 'x', metrics: { cold_start_ms: 999 } },
    ]
    const result = {
      scenarios: [{ name: 'cold-start', runtimes: [{ runtime: 'process', summaries: summarizeSamples(samples) }] }],
    } as unknown as RunResult
    expect(renderSummaryCsv(result)).toBe(
      'scenario,runtime,metric,unit,n,median,mean,stddev,min,p95,p99,max,median_ci_low,median_ci_high,outliers,observed_by,host\n' +
        // Reference: [2, 4] → median 3, mean 3, sd √2 = 1.4142135623730951, p95 = 2 + 2·0.95 = 3.9, p99 = 3.98;
        // bootstrap medians of two values are 2 (p = 1/4), 3 (1/2) or 4 (1/4): the 2.5% and 97.5% quantiles are 2 and 4
        // the first answer seen and /proc are the harness's own readings; the heap is what the sandbox says
        'cold-start,process,cold_start_ms,ms,2,3,3,1.4142135623730951,2,3.9,3.98,4,2,4,0,harness,\n' +
        'cold-start,process,memory_rss_bytes,bytes,2,20,20,14.142135623730951,10,29,29.8,30,10,30,0,harness,\n' +
        'cold-start,process,memory_heap_bytes,bytes,2,5,5,0,5,5,5,5,5,5,0,sandbox,\n',
    )
  })
})
