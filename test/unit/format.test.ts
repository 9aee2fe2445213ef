import { describe, expect, it } from 'vitest'
import { formatBytes, formatMs, formatRatio } from '../../src/format.js'

describe('formatMs, formatBytes, formatRatio', () => {
  it('formats with precision that suits the magnitude', () => {
    expect([formatMs(0.4123), formatMs(3.214), formatMs(41.23), formatMs(219.4)]).toEqual(['0.412', '3.21', '41.2', '219'])
    expect(formatBytes(41.4 * 1024 * 1024)).toBe('41.4 MiB')
    expect(formatBytes(655360)).toBe('640 KiB')
    expect([formatRatio(183.2), formatRatio(18.94), formatRatio(1.5)]).toEqual(['183x', '18.9x', '1.50x'])
  })
})
