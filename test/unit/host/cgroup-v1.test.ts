import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { v1Layout, v1OwnPath } from '../../../src/host/cgroup-v1.js'

// Reference: /proc/self/cgroup of a shell on this machine (Debian 12, cgroup v1 hybrid).
const PROC_SELF_CGROUP = ['10:hugetlb:/', '8:pids:/', '4:memory:/process_api/d516', '1:cpu:/', '0::/', ''].join('\n')
let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'isobench-cgroupfs-v1-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('cgroup v1 layout', () => {
  it('puts each group under the harness\'s own cgroup in the pids, memory and cpu hierarchies', () => {
    expect(v1OwnPath(PROC_SELF_CGROUP, 'memory')).toBe('/process_api/d516')
    const layout = v1Layout(PROC_SELF_CGROUP, root)!
    expect(layout.groupDirs('isobench-r-1')).toEqual([join(root, 'pids/isobench-r-1'), join(root, 'memory/process_api/d516/isobench-r-1'), join(root, 'cpu/isobench-r-1')])
    expect(v1Layout('8:pids:/\n4:memory:/\n', root)!.groupDirs('g')).toEqual([join(root, 'pids/g'), join(root, 'memory/g')]) // no cpu hierarchy
    expect(v1Layout('0::/\n', root)).toBeUndefined()
  })

  it('puts a group in a budget group at each hierarchy\'s root, as docker\'s CgroupParent does', () => {
    const layout = v1Layout(PROC_SELF_CGROUP, root)!
    expect(layout.groupDirs('isobench-r-2', 'isobench-r-budget-1')).toEqual(['pids', 'memory', 'cpu'].map((c) => join(root, c, 'isobench-r-budget-1/isobench-r-2')))
  })

  it('writes a CPU quota against the 100 ms period and reads it back in cores', async () => {
    const layout = v1Layout(PROC_SELF_CGROUP, root)!
    const dirs = layout.groupDirs('isobench-r-3')
    for (const dir of dirs) mkdirSync(dir, { recursive: true })
    layout.writeLimits(dirs, { pidsMax: undefined, memoryBytes: undefined, cpus: 0.25 })
    // Reference: 0.25 cores × 100000 µs = 25000 µs of CPU per period
    expect(readFileSync(join(dirs[2]!, 'cpu.cfs_quota_us'), 'utf8')).toBe('25000')
    expect(readFileSync(join(dirs[2]!, 'cpu.cfs_period_us'), 'utf8')).toBe('100000')
    expect((await layout.readLimits(dirs)).cpus).toBe(0.25)
    writeFileSync(join(dirs[2]!, 'cpu.cfs_quota_us'), '-1')
    expect((await layout.readLimits(dirs)).cpus).toBeNull()
  })

  it('writes pids.max, limit_in_bytes and memsw, and reads back memsw as no swap beyond the limit', async () => {
    const layout = v1Layout(PROC_SELF_CGROUP, root)!
    const dirs = layout.groupDirs('isobench-r-1')
    for (const dir of dirs) mkdirSync(dir, { recursive: true })
    layout.writeLimits(dirs, { pidsMax: 64, memoryBytes: 201_326_592 })
    expect(readFileSync(join(dirs[1]!, 'memory.memsw.limit_in_bytes'), 'utf8')).toBe('201326592')
    expect(await layout.readLimits(dirs)).toEqual({ version: 'v1', pidsMax: 64, memoryMaxBytes: 201_326_592, swapMaxBytes: 0 })
    writeFileSync(join(dirs[1]!, 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n')
    expect(await layout.oomKills(dirs)).toBe(1)
  })
})
