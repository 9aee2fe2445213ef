/** The in-sandbox output check (checkOutput in protocol.mjs): exact JSON byte counts, and where a value stops being JSON. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkOutput } from '../../../../src/runtimes/bootstrap/protocol.mjs'

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
