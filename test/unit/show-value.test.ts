import { describe, expect, it } from 'vitest'
import { oneLine, showValue } from '../../src/format.js'

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
