import { describe, expect, it } from 'vitest'
import { selectLayout, type CgroupLayout } from '../../../src/host/cgroup-limits.js'

const HYBRID = ['8:pids:/', '4:memory:/x', '0::/', ''].join('\n')
const MOUNTS = 'cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n'

describe('selectLayout: which cgroup version holds the child groups', () => {
  it('uses v1 where pids and memory are v1 hierarchies (v1, hybrid), else the cgroup2 mount', () => {
    expect((selectLayout(HYBRID, 'cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0\n', 1) as CgroupLayout).version).toBe('v1')
    const v2 = selectLayout('0::/system.slice/ci.service\n', MOUNTS, 99) as CgroupLayout
    expect(v2.version).toBe('v2')
    expect(v2.subtree).toBe('/sys/fs/cgroup/system.slice/isobench-h99')
  })

  it('says why there is none', () => {
    expect(selectLayout('', '', 1)).toBe('neither cgroup v1 pids and memory hierarchies nor a cgroup v2 mount')
  })
})
