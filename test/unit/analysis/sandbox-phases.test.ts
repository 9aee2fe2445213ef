/** Unit tests for the sandbox-side phase arithmetic and the skew check (analysis/sandbox-phases.ts); figures worked out by hand. */
import { describe, expect, it } from 'vitest'
import { sandboxPhases, skewOf } from '../../../src/analysis/sandbox-phases.js'

// A cold start seen by the harness: decision at 1000, ready line read at 1050, request sent at 1050, answer read at 1052.
const harness = { startAt: 1000, readyAt: 1050, sentAt: 1050, firstAt: 1052 }

describe('sandboxPhases', () => {
  it('splits a start at the sandbox\'s marks: boot = first line − decision, load = loaded − first line, return = read − written', () => {
    // Reference: boot 1030 − 1000 = 30; load 1045 − 1030 = 15; return 1052 − 1051.5 = 0.5.
    const result = sandboxPhases(harness, { bootAt: 1030, loadedAt: 1045, answerAt: 1051.5, resolutionMs: 0 })
    expect(result).toEqual({ ok: true, phases: { sandbox_boot_ms: 30, sandbox_load_ms: 15, sandbox_return_ms: 0.5 } })
  })

  it('leaves out a phase whose mark the sandbox did not report (workerd: only the answer)', () => {
    expect(sandboxPhases(harness, { answerAt: 1051, resolutionMs: 1 })).toEqual({ ok: true, phases: { sandbox_return_ms: 1 } })
  })

  it('clamps to 0 a mark inside the clock\'s resolution but before the window (Date.now() floors to whole ms)', () => {
    // Reference: the answer floored to 1049.6 lies 0.4 ms before the request was sent, within 1 ms: return = 1052 − 1049.6 = 2.4.
    const result = sandboxPhases(harness, { answerAt: 1049.6, resolutionMs: 1 })
    expect(result).toEqual({ ok: true, phases: { sandbox_return_ms: expect.closeTo(2.4, 9) } })
    expect(sandboxPhases({ ...harness, firstAt: 1051 }, { answerAt: 1051.8, resolutionMs: 1 })).toEqual({ ok: true, phases: { sandbox_return_ms: 0 } })
  })

  it('refuses every phase when a mark breaks causality, saying how far outside its window it lies', () => {
    // A clock of its own (gVisor: since its sandbox started): first line at 12, 988 ms before the decision.
    const result = sandboxPhases(harness, { bootAt: 12, loadedAt: 20, answerAt: 25, resolutionMs: 0 })
    expect(result).toEqual({ ok: false, why: "the sandbox's clock is not the harness's: its first line reads -988 ms outside the 50.000 ms window the harness saw it in" })
  })
})

describe('skewOf', () => {
  it('accepts marks on the edges of their windows (a shared clock can read the same instant)', () => {
    expect(skewOf(harness, { bootAt: 1000, loadedAt: 1050, answerAt: 1052, resolutionMs: 0 })).toBeUndefined()
  })

  it('catches a clock running ahead: the load reported after the harness read the ready line', () => {
    // Reference: loaded at 1050.25 is 0.25 ms after readyAt 1050.
    expect(skewOf(harness, { bootAt: 1010, loadedAt: 1050.25, resolutionMs: 0 })).toBe("the sandbox's clock is not the harness's: its workload loaded reads +0.250 ms outside the 40.000 ms window the harness saw it in")
  })

  it('catches an answer written before its request was sent, or after it was read', () => {
    expect(skewOf(harness, { answerAt: 1040, resolutionMs: 0 })).toMatch(/its first answer written reads -10\.000 ms/)
    expect(skewOf(harness, { answerAt: 1053, resolutionMs: 0 })).toMatch(/its first answer written reads \+1\.000 ms/)
  })

  it('widens each window by the clock\'s resolution', () => {
    expect(skewOf(harness, { answerAt: 1053, resolutionMs: 1 })).toBeUndefined()
    expect(skewOf(harness, { answerAt: 1053.5, resolutionMs: 1 })).toMatch(/\+1\.500 ms/)
  })
})
