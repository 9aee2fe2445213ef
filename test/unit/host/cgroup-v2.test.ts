import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cgroup2Mount, cgroup2OwnPath, readLimit, v2Layout, v2Unavailable } from '../../../src/host/cgroup-v2.js'

// A temporary directory laid out like a cgroup2 mount: the root, a slice, and the harness's own
// cgroup in it. Reference: cgroup-v2.rst: a cgroup's cgroup.controllers lists what its parent's
// cgroup.subtree_control enabled; "max" means no limit in memory.max, memory.swap.max and pids.max.
let mount: string
const file = (path: string, text: string) => {
  mkdirSync(join(mount, path, '..'), { recursive: true })
  writeFileSync(join(mount, path), text)
}
const text = (path: string) => readFileSync(join(mount, path), 'utf8')

beforeEach(() => {
  mount = mkdtempSync(join(tmpdir(), 'isobench-cgroupfs-'))
  file('cgroup.controllers', 'cpuset cpu io memory hugetlb pids rdma misc\n')
  file('cgroup.subtree_control', 'cpu io memory pids\n')
  file('system.slice/cgroup.controllers', 'cpu io memory pids\n')
  file('system.slice/cgroup.subtree_control', 'cpu memory pids\n')
  file('system.slice/ci.service/cgroup.controllers', 'cpu memory pids\n')
  file('system.slice/ci.service/cgroup.procs', '4242\n')
})
afterEach(() => rmSync(mount, { recursive: true, force: true }))

describe('cgroup v2: where the hierarchy is and where the harness sits', () => {
  it('finds the cgroup2 mount and the unified line', () => {
    // Reference: /proc/self/mounts and /proc/self/cgroup on this machine (Debian 12, hybrid)
    const mounts = ['cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0', 'cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0', ''].join('\n')
    expect(cgroup2Mount(mounts)).toBe('/sys/fs/cgroup/unified')
    expect(cgroup2Mount('cgroup /sys/fs/cgroup/pids cgroup rw 0 0\n')).toBeUndefined()
    expect(cgroup2OwnPath('8:pids:/\n4:memory:/x\n0::/user.slice/session-1.scope\n')).toBe('/user.slice/session-1.scope')
    expect(cgroup2OwnPath('4:memory:/x\n')).toBeUndefined()
  })

  it('says which controller is missing (a hybrid host binds memory and pids to v1)', () => {
    file('cgroup.controllers', '\n')
    expect(v2Unavailable({ mount, ownPath: '/', pid: 1 })).toMatch(/no memory or pids controller for the harness's cgroup \/ \(cgroup.controllers: ""/)
    file('system.slice/ci.service/cgroup.controllers', 'cpu memory\n')
    expect(v2Unavailable({ mount, ownPath: '/system.slice/ci.service', pid: 1 })).toMatch(/no pids controller/)
  })
})

describe('cgroup v2: a subtree beside the harness (no internal processes)', () => {
  it('makes isobench-h<pid> next to the harness\'s cgroup and enables memory and pids in it, not in the harness\'s', () => {
    const layout = v2Layout({ mount, ownPath: '/system.slice/ci.service', pid: 4242 })
    layout.ensure()
    layout.ensure() // idempotent
    expect(layout.subtree).toBe(join(mount, 'system.slice/isobench-h4242'))
    expect(text('system.slice/isobench-h4242/cgroup.subtree_control')).toBe('+memory +pids')
    expect(existsSync(join(mount, 'system.slice/ci.service/cgroup.subtree_control'))).toBe(false)
    expect(layout.groupDirs('isobench-run-1')).toEqual([join(mount, 'system.slice/isobench-h4242/isobench-run-1')])
    expect(layout.parents()).toEqual([join(mount, 'system.slice/isobench-h4242')])
  })

  it('sweeps the empty subtree of a harness that is gone (killed without its exit hook), never a live one\'s or one holding groups', () => {
    // Reference: pid 2^22 + 1 is above Linux's pid_max limit, so no process has it.
    const gone = 'system.slice/isobench-h4194305'
    mkdirSync(join(mount, gone))
    mkdirSync(join(mount, `system.slice/isobench-h${process.pid}`))
    file('system.slice/isobench-h4194306/isobench-run-9/cgroup.procs', '')
    v2Layout({ mount, ownPath: '/system.slice/ci.service', pid: 4242 }).ensure()
    expect(existsSync(join(mount, gone))).toBe(false)
    expect(existsSync(join(mount, `system.slice/isobench-h${process.pid}`))).toBe(true)
    expect(existsSync(join(mount, 'system.slice/isobench-h4194306/isobench-run-9'))).toBe(true)
  })

  it('at the root of the hierarchy (exempt from the rule) enables the controllers there first', () => {
    file('cgroup.subtree_control', 'cpu\n')
    const layout = v2Layout({ mount, ownPath: '/', pid: 7 })
    layout.ensure()
    expect(text('cgroup.subtree_control')).toBe('+memory +pids +cpu')
    expect(layout.subtree).toBe(join(mount, 'isobench-h7'))
  })

  it('refuses to make anything where the controllers are absent', () => {
    file('system.slice/ci.service/cgroup.controllers', 'cpu\n')
    const layout = v2Layout({ mount, ownPath: '/system.slice/ci.service', pid: 4242 })
    expect(() => layout.ensure()).toThrow(/no memory or pids controller/)
    expect(existsSync(layout.subtree!)).toBe(false)
  })
})

describe('cgroup v2: limits written, read back, OOM kills counted', () => {
  it('writes memory.max, memory.swap.max = 0 and pids.max, and reads back what the files hold', async () => {
    const layout = v2Layout({ mount, ownPath: '/system.slice/ci.service', pid: 4242 })
    layout.ensure()
    const dirs = layout.groupDirs('isobench-run-1')
    mkdirSync(dirs[0]!)
    layout.writeLimits(dirs, { pidsMax: 64, memoryBytes: 201_326_592 })
    expect(text('system.slice/isobench-h4242/isobench-run-1/memory.max')).toBe('201326592')
    expect(text('system.slice/isobench-h4242/isobench-run-1/memory.swap.max')).toBe('0')
    expect(await layout.readLimits(dirs)).toEqual({ version: 'v2', pidsMax: 64, memoryMaxBytes: 201_326_592, swapMaxBytes: 0 })
    // The kernel holds what it holds, whatever was asked: the read-back reports that.
    writeFileSync(join(dirs[0]!, 'pids.max'), 'max\n')
    expect((await layout.readLimits(dirs)).pidsMax).toBeNull()
  })

  it('leaves a relaxed limit alone and counts oom_kill from memory.events', async () => {
    const layout = v2Layout({ mount, ownPath: '/system.slice/ci.service', pid: 4242 })
    layout.ensure()
    const dirs = layout.groupDirs('isobench-run-2')
    mkdirSync(dirs[0]!)
    layout.writeLimits(dirs, { pidsMax: undefined, memoryBytes: undefined })
    expect(await layout.readLimits(dirs)).toEqual({ version: 'v2', pidsMax: undefined, memoryMaxBytes: undefined, swapMaxBytes: undefined })
    writeFileSync(join(dirs[0]!, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\noom_group_kill 0\n')
    expect(await layout.oomKills(dirs)).toBe(2)
    layout.killAll!(dirs)
    expect(text('system.slice/isobench-h4242/isobench-run-2/cgroup.kill')).toBe('1')
  })

  it('reads "max" and v1\'s unlimited value as no limit, numbers as numbers, an absent file as undefined', async () => {
    file('a', 'max\n')
    file('b', '9223372036854771712\n')
    file('c', '67108864\n')
    expect(await readLimit(join(mount, 'a'))).toBeNull()
    expect(await readLimit(join(mount, 'b'))).toBeNull()
    expect(await readLimit(join(mount, 'c'))).toBe(67_108_864)
    expect(await readLimit(join(mount, 'absent'))).toBeUndefined()
  })
})
