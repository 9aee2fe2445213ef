import { describe, expect, it } from 'vitest'
import { cgroupVersionFrom, collectEnvironment, parseOsRelease } from '../../src/environment.js'

describe('environment parsing', () => {
  it('reads PRETTY_NAME from os-release, quoted or not', () => {
    // Reference: os-release(5): values may be enclosed in double or single quotes
    expect(parseOsRelease('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')).toBe('Debian GNU/Linux 12 (bookworm)')
    expect(parseOsRelease("PRETTY_NAME='Alpine Linux v3.20'\n")).toBe('Alpine Linux v3.20')
    expect(parseOsRelease('PRETTY_NAME=Fedora\n')).toBe('Fedora')
    expect(parseOsRelease('ID=x\n')).toBe('')
  })

  it('tells cgroup v2, v1 (hybrid) and none apart by their marker files', () => {
    // Reference: cgroup-v2.rst: the unified root has cgroup.controllers; v1 mounts one dir per controller
    expect(cgroupVersionFrom((p) => p === '/sys/fs/cgroup/cgroup.controllers')).toBe('v2')
    expect(cgroupVersionFrom((p) => p === '/sys/fs/cgroup/memory' || p === '/sys/fs/cgroup/unified')).toBe('v1')
    expect(cgroupVersionFrom(() => false)).toBe('none')
  })

  it('records the facts every result must carry', () => {
    const env = collectEnvironment()
    for (const key of ['cpuModel', 'cpuCount', 'kernel', 'cgroup', 'node', 'v8', 'isolatedVm', 'loadAverage']) expect(env).toHaveProperty(key)
    expect(env.node).toBe(process.version)
  })
})
