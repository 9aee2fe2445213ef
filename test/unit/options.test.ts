import { describe, expect, it } from 'vitest'
import { AB_STOPPING, parseDuration, parseIntegerOption, parsePrecision, stoppingRuleFrom } from '../../src/options.js'

describe('parseIntegerOption', () => {
  it('parses integer options strictly', () => {
    const runs = parseIntegerOption('--runs', 1)
    expect(runs('12')).toBe(12)
    for (const bad of ['0', '-1', '1.5', 'ten', '', '1e3']) expect(() => runs(bad)).toThrow(/expected --runs to be an integer/)
  })
})

describe('--precision and its bounds', () => {
  it('parses the target and the durations', () => {
    expect(parsePrecision('5%')).toBe(0.05)
    expect(() => parsePrecision('0%')).toThrow('expected --precision to be a percentage above 0% and at most 100%, got "0%"')
    expect(parseDuration('--max-time')('90s')).toBe(90_000)
    expect(parseDuration('--max-time')('2m')).toBe(120_000)
    expect(parseDuration('--max-time')('45')).toBe(45_000)
  })

  it('fills the bounds it was not given and refuses a bound without a target', () => {
    expect(stoppingRuleFrom({ precision: 0.05 })).toEqual({ precision: 0.05, minRuns: 10, maxRuns: 100, maxTimeMs: 90_000 })
    expect(stoppingRuleFrom({ precision: 0.05, maxRuns: 5 })).toMatchObject({ minRuns: 5, maxRuns: 5 })
    // ab's own defaults: more rounds, the same time bound.
    expect(stoppingRuleFrom({ precision: 0.05 }, AB_STOPPING)).toEqual({ precision: 0.05, minRuns: 10, maxRuns: 400, maxTimeMs: 90_000 })
    expect(stoppingRuleFrom({})).toBeUndefined()
    expect(() => stoppingRuleFrom({ maxRuns: 20 })).toThrow('--max-runs bounds --precision, which was not given')
    expect(() => stoppingRuleFrom({ precision: 0.05, minRuns: 30, maxRuns: 20 })).toThrow('--min-runs 30 is above --max-runs 20')
  })
})
