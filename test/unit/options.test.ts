import { describe, expect, it } from 'vitest'
import { parseIntegerOption } from '../../src/options.js'

describe('parseIntegerOption', () => {
  it('parses integer options strictly', () => {
    const runs = parseIntegerOption('--runs', 1)
    expect(runs('12')).toBe(12)
    for (const bad of ['0', '-1', '1.5', 'ten', '', '1e3']) expect(() => runs(bad)).toThrow(/expected --runs to be an integer/)
  })
})
