import { describe, expect, it } from 'vitest'
import { csvField, renderSamplesCsv, renderSummaryCsv, SAMPLE_COLUMNS } from '../../../src/report/csv.js'
import { handBuiltResult } from '../../fixtures/result.js'

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
    // Markdown test) and the outlier count
    expect(lines).toContain('cold-start,process,cold_start_ms,ms,3,30,30,10,20,39,39.8,40,20,40,0')
    expect(lines.filter((line) => line.startsWith('cold-start,docker,'))).toEqual([])
  })

  it('writes one raw row per sample and metric, warm-ups flagged, failures with their quoted error', () => {
    const text = renderSamplesCsv(handBuiltResult())
    expect(text.split('\n')[0]).toBe(SAMPLE_COLUMNS.join(','))
    expect(SAMPLE_COLUMNS).toEqual(['scenario', 'runtime', 'index', 'metric', 'value', 'unit', 'warmup', 'ok', 'error'])
    expect(text).toContain('\ncold-start,isolate,0,cold_start_ms,9,ms,true,true,\n')
    expect(text).toContain('\ncold-start,isolate,2,memory_heap_bytes,1048576,bytes,false,true,\n')
    expect(text).toContain('\ncold-start,process,3,,,,false,false,"boom, ""quoted""\nsecond line"\n')
    // Reference: isolate 3 + 5 + 5 + 5 metrics, process 6 × 3 + 1 failed row
    const records = text.trimEnd().split(/\n(?=cold-start,)/)
    expect(records).toHaveLength(1 + 18 + 19)
  })
})
