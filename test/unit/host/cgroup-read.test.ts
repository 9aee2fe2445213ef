import { describe, expect, it } from 'vitest'
import { cgroupMemoryFile } from '../../../src/host/cgroup-read.js'

describe('cgroupMemoryFile', () => {
  it('finds the memory controller of a container on cgroup v1 (hybrid)', () => {
    // Reference: /proc/<pid>/cgroup of a runc container on this machine (Debian 12, docker 20.10, cgroupfs driver)
    const text = ['10:hugetlb:/docker/abc', '4:memory:/docker/abc', '1:cpu:/docker/abc', '0::/docker/abc', ''].join('\n')
    expect(cgroupMemoryFile(text, 'v1')).toBe('/sys/fs/cgroup/memory/docker/abc/memory.usage_in_bytes')
  })

  it('uses the unified line on cgroup v2, systemd driver', () => {
    // Reference: cgroup-v2.rst: "0::$PATH" is the only line on a pure v2 host; usage is memory.current
    expect(cgroupMemoryFile('0::/system.slice/docker-abc.scope\n', 'v2')).toBe('/sys/fs/cgroup/system.slice/docker-abc.scope/memory.current')
  })

  it('keeps colons inside the path and has nothing for a host without cgroups', () => {
    expect(cgroupMemoryFile('0::/a:b\n', 'v2', '/cg')).toBe('/cg/a:b/memory.current')
    expect(cgroupMemoryFile('0::/x\n', 'none')).toBeUndefined()
    expect(cgroupMemoryFile('1:cpu:/x\n', 'v1')).toBeUndefined()
  })
})
