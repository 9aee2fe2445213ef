import { describe, expect, it } from 'vitest'
import { hierarchyMounts } from '../../../src/host/cgroup-budget.js'

// Reference: lines of /proc/self/mounts on this machine (Debian 12, cgroup v1 hybrid).
const MOUNTS = [
  'tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0',
  'cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0',
  'cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0',
  'cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0',
  'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
  '',
].join('\n')

describe('the hierarchies a budget group is removed from', () => {
  it('lists every v1 hierarchy and the hybrid\'s cgroup2, where runc makes the group too, and nothing else', () => {
    expect(hierarchyMounts(MOUNTS)).toEqual(['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/memory', '/sys/fs/cgroup/unified'])
    expect(hierarchyMounts('')).toEqual([])
  })
})
