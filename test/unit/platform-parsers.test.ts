import { describe, expect, it } from 'vitest'
import { memoryUsedOf, quickJsVersionOf } from '../../src/runtimes/quickjs.js'
import { listenPortOf, workerdConfig } from '../../src/runtimes/workerd-config.js'

describe('listenPortOf (workerd control fd)', () => {
  it('reads the port of the http socket from a listen event', () => {
    // Reference: the line workerd 1.20261117.1 wrote on --control-fd=3 for `address = "127.0.0.1:0"`.
    expect(listenPortOf('{"event":"listen","socket":"http","port":33449}')).toBe(33449)
  })

  it('ignores other sockets, other events and lines that are not JSON', () => {
    expect(listenPortOf('{"event":"listen","socket":"admin","port":9}')).toBeUndefined()
    expect(listenPortOf('{"event":"shutdown"}')).toBeUndefined()
    expect(listenPortOf('workerd starting')).toBeUndefined()
  })
})

describe('workerdConfig', () => {
  it('listens on a kernel-chosen loopback port and caps the V8 heap at the memory limit', () => {
    const config = workerdConfig({ memoryMb: 128 })
    expect(config).toContain('address = "127.0.0.1:0"')
    expect(config).toContain('v8Flags = ["--max-old-space-size=128"]')
    expect(config).toContain('esModule = embed "workload.js"')
    expect(config).toContain('globalOutbound = "no-network"')
    expect(config).toContain('(name = "no-network", network = (allow = []))')
  })
})

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
