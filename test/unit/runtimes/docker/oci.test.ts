/** Pure pieces of the OCI runtimes: crun's cgroup check, runsc's pids headroom. */
import { describe, expect, it } from 'vitest'
import { crunCgroupProblem, runscPidsHeadroom } from '../../../../src/runtimes/docker/oci.js'

// Reference: /proc/self/mountinfo of this project's machines (Debian 12, systemd hybrid layout), cgroup lines only.
const HYBRID = [
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n')
const HUGETLB_V1 = '42 31 0:39 / /sys/fs/cgroup/hugetlb rw,relatime - cgroup cgroup rw,hugetlb'
const PURE_V2 = '30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate'

describe('crunCgroupProblem', () => {
  it('names the problem on a hybrid host without a v1 hugetlb hierarchy', () => {
    expect(crunCgroupProblem(HYBRID)).toMatch(/hybrid layout until a v1 hugetlb hierarchy is mounted/)
  })
  it('is satisfied once hugetlb is mounted as cgroup v1', () => {
    expect(crunCgroupProblem(`${HYBRID}\n${HUGETLB_V1}`)).toBeUndefined()
  })
  it('has nothing to say on pure v2 or pure v1 hosts', () => {
    expect(crunCgroupProblem(PURE_V2)).toBeUndefined()
    expect(crunCgroupProblem(HYBRID.split('\n').filter((line) => !line.includes('cgroup2')).join('\n'))).toBeUndefined()
    expect(crunCgroupProblem('')).toBeUndefined()
  })
})

describe('runscPidsHeadroom', () => {
  it('grows with the cores runsc schedules on', () => {
    // Reference: 64 + 32 per core; 2 cores → 128 (57 runsc tasks were seen at idle there).
    expect(runscPidsHeadroom(2)).toBe(128)
    expect(runscPidsHeadroom(16)).toBe(576)
  })
})
