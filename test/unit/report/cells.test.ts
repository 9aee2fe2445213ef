import { describe, expect, it } from 'vitest'
import { hostBytesCell, viewBytesCell } from '../../../src/report/cells.js'

const MIB = 1024 * 1024
const ci = (low: number, high: number) => ({ low, high, confidence: 0.95 })

describe('host memory cells', () => {
  it('shows a resolved figure with its CI', () => {
    expect(hostBytesCell(1.1 * MIB, ci(1.0 * MIB, 1.2 * MIB))).toBe('1.1 MiB\n[1.0 MiB–1.2 MiB]')
  })

  it('shows a figure below the resolution as a bound, never negative', () => {
    // Reference: −0.2 MiB [−0.6, 1.0]: bound 1.0 MiB, half-width 0.8 MiB.
    expect(hostBytesCell(-0.2 * MIB, ci(-0.6 * MIB, 1.0 * MIB))).toBe('< 1.0 MiB, ±0.8')
    // Reference: wasm −81 KiB [−300, 100] KiB: half-width 200 KiB, bound max(100, 200) = 200 KiB.
    expect(hostBytesCell(-81 * 1024, ci(-300 * 1024, 100 * 1024))).toBe('< 200 KiB, ±200')
  })

  it('says below resolution for a reading at or under zero without a CI', () => {
    expect(hostBytesCell(-81 * 1024)).toBe('≤ 0, below resolution')
    expect(hostBytesCell(Number.NaN)).toBe('–')
  })
})

describe('per-view memory cells', () => {
  it('a growth view at or below 0 is below its resolution, never negative memory; other figures as bytes', () => {
    // Reference: vm's harness RSS growth came out −448 KiB in a real cold-start run (GC freed more than the context took).
    expect(viewBytesCell('memory_rss_growth_bytes', -448 * 1024)).toBe('≤ 0, below resolution')
    expect(viewBytesCell('memory_rss_growth_bytes', 0)).toBe('≤ 0, below resolution')
    expect(viewBytesCell('memory_rss_growth_bytes', 640 * 1024)).toBe('640 KiB')
    expect(viewBytesCell('memory_rss_bytes', 42 * 1024 * 1024)).toBe('42.0 MiB')
    expect(viewBytesCell('memory_rss_bytes', undefined)).toBe('')
  })
})
