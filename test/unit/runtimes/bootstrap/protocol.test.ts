/** The in-sandbox protocol (protocol.mjs): the output check's exact JSON byte counts and where a value stops being JSON, and an answer's inside times. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { answer, checkOutput } from '../../../../src/runtimes/bootstrap/protocol.mjs'

describe('checkOutput', () => {
  it('counts exactly the UTF-8 bytes of JSON.stringify, for any JSON value (refused one byte below, accepted at it)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const v of [value, text, { [text]: [value, text] }]) {
          const bytes = Buffer.byteLength(JSON.stringify(v))
          expect(checkOutput(v, bytes)).toEqual({ ok: true, json: JSON.stringify(v) })
          expect(checkOutput(v, bytes - 1)).toEqual({ ok: false, error: `output of ${bytes} bytes exceeds --max-output (${bytes - 1} bytes)` })
        }
      }),
      { numRuns: 300 },
    )
  })

  it('refuses a 50 MB string by counting, with its exact size', () => {
    // Reference: 50,000,000 characters + 2 quotes.
    expect(checkOutput('x'.repeat(50_000_000), 1024 * 1024)).toEqual({ ok: false, error: 'output of 50000002 bytes exceeds --max-output (1048576 bytes)' })
  })

  it.each([
    [10n, 'BigInt at $'],
    [{ a: [1, { x: 10n }] }, 'BigInt at $.a[1].x'],
    [{ f() {} }, 'function at $.f'],
    [{ 'a-b': [Symbol('s')] }, 'symbol at $["a-b"][0]'],
    [{ n: Number.NaN }, 'NaN at $.n'],
    [[Number.POSITIVE_INFINITY], 'Infinity at $[0]'],
  ])('refuses %s: "output is not JSON: %s"', (value, where) => {
    expect(checkOutput(value, 1024)).toEqual({ ok: false, error: `output is not JSON: ${where}` })
  })

  it('refuses a circular object at the path that closes the cycle, but not a shared one', () => {
    const cycle: Record<string, unknown> = { items: [{}] }
    ;(cycle.items as Record<string, unknown>[])[0]!.parent = cycle
    expect(checkOutput(cycle, 1024)).toEqual({ ok: false, error: 'output is not JSON: circular reference at $.items[0].parent' })
    const shared = { x: 1 }
    expect(checkOutput({ a: shared, b: shared }, 1024)).toEqual({ ok: true, json: '{"a":{"x":1},"b":{"x":1}}' })
  })

  it('treats undefined and toJSON as JSON.stringify does', () => {
    const value = { a: undefined, b: [undefined], d: new Date(0) }
    expect(checkOutput(value, 1024)).toEqual({ ok: true, json: JSON.stringify(value) })
    expect(checkOutput(undefined, 1024)).toEqual({ ok: true, json: 'null' })
  })
})

describe('answer', () => {
  /** A clock that reads the next value of `readings` each time, and a CPU clock likewise. */
  const clocks = (wall: number[], cpu: number[]) => ({ clock: () => wall.shift()!, cpuClock: () => cpu.shift()! })

  it('times the handler call inside: callMs and cpuMs between the reads just before and after it, at when it was written', async () => {
    const written: unknown[] = []
    // Reference: wall 100 → 107.5 is 7.5 ms; CPU 40 → 46 is 6 ms; the answer is written at the next read, 108.
    const { clock, cpuClock } = clocks([100, 107.5, 108], [40, 46])
    await answer(JSON.stringify({ id: 1, op: 'invoke', input: 2 }), (n: unknown) => Number(n) * 3, (m) => written.push(m), () => ({}), clock, cpuClock)
    expect(written).toEqual([{ id: 1, ok: true, output: 6, callMs: 7.5, cpuMs: 6, at: 108 }])
  })

  it('with repeat, calls the handler that many times, answers the last output and keeps the fastest call', async () => {
    const written: unknown[] = []
    let calls = 0
    // Reference: wall calls 0→10, 10→14, 14→20 (10, 4, 6 ms: fastest 4); CPU 0→5, 5→8, 8→10 (5, 3, 2: fastest 2).
    const { clock, cpuClock } = clocks([0, 10, 10, 14, 14, 20, 21], [0, 5, 5, 8, 8, 10])
    await answer(JSON.stringify({ id: 7, op: 'invoke', input: null, repeat: 3 }), () => ++calls, (m) => written.push(m), () => ({}), clock, cpuClock)
    expect(written).toEqual([{ id: 7, ok: true, output: 3, callMs: 4, cpuMs: 2, at: 21 }])
  })
})
