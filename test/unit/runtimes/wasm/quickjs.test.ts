import { describe, expect, it } from 'vitest'
import { memoryUsedOf, quickJsVersionOf } from '../../../../src/runtimes/wasm/quickjs.js'

// Reference: the head of `runtime.dumpMemoryUsage()` for a fresh runtime + context,
// quickjs-emscripten 0.32.0, release-sync build.
const DUMP = `QuickJS memory usage -- 2025-09-13 version, 32-bit, malloc limit: 4294967295

  malloc_usable_size unavailable

NAME                    COUNT     SIZE
memory allocated         1006     8048  (8.0 per block)
memory used               957    52654  (8 overhead, -46.6 average slack)
atoms                     505    18094  (35.8 per atom)
`

describe('QuickJS memory dump', () => {
  it('reads the bytes in use from the "memory used" line (its SIZE column, not COUNT)', () => {
    expect(memoryUsedOf(DUMP)).toBe(52654)
  })

  it('reads the QuickJS release from the first line', () => {
    expect(quickJsVersionOf(DUMP)).toBe('2025-09-13')
  })

  it('answers undefined when the dump has no such line', () => {
    expect(memoryUsedOf('something else')).toBeUndefined()
    expect(quickJsVersionOf('something else')).toBeUndefined()
  })
})
