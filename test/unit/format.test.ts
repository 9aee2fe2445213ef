import { describe, expect, it } from 'vitest'
import { formatBytes, formatMs, formatRatio, oneLine, showValue } from '../../src/format.js'

describe('formatMs, formatBytes, formatRatio', () => {
  it('formats with precision that suits the magnitude', () => {
    expect([formatMs(0.4123), formatMs(3.214), formatMs(41.23), formatMs(219.4)]).toEqual(['0.412', '3.21', '41.2', '219'])
    expect(formatBytes(41.4 * 1024 * 1024)).toBe('41.4 MiB')
    expect(formatBytes(655360)).toBe('640 KiB')
    expect([formatRatio(183.2), formatRatio(18.94), formatRatio(1.5)]).toEqual(['183x', '18.9x', '1.50x'])
  })
})

describe('showValue renders any value for a one-line message without throwing', () => {
  it('JSON for plain values', () => {
    expect(showValue({ runs: -1 })).toBe('{"runs":-1}')
    expect(showValue('a\nb')).toBe('"a\\nb"') // the newline stays escaped: one line
  })
  it('BigInt and cycles, which JSON.stringify refuses', () => {
    expect(showValue([1n])).toBe('["1n"]')
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(showValue(cycle)).toBe('[object Object]')
  })
  it('cuts long values to the limit with an ellipsis', () => {
    // Reference: 'x'.repeat(100) → '"' + 99 x's + '"' (102 chars) → first 9 chars + '…'
    expect(showValue('x'.repeat(100), 10)).toBe('"xxxxxxxx…')
  })
})

describe('oneLine keeps an error message on one terminal line', () => {
  it('line breaks become a space; other control characters their escape', () => {
    // Reference: Node 20 JSON.parse('\n\u0000') → `Unexpected token '\u0000', "\n\u0000" is not valid JSON`
    expect(oneLine('Unexpected token \'\u0000\', "\n\u0000" is not valid JSON')).toBe('Unexpected token \'\\u0000\', " \\u0000" is not valid JSON')
    expect(oneLine('a\r\n  b\tc')).toBe('a b\\u0009c')
    expect(oneLine('plain')).toBe('plain')
  })
})
