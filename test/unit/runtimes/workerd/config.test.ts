import { describe, expect, it } from 'vitest'
import { listenPortOf, workerdConfig } from '../../../../src/runtimes/workerd/config.js'

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
