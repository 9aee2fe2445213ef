import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hierarchyMounts, makeV2Budget } from '../../../src/host/cgroup-budget.js'
import { v2Layout } from '../../../src/host/cgroup-v2.js'

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

// A temporary directory laid out like a cgroup2 mount (as in cgroup-v2.test.ts): the harness in
// system.slice/ci.service, which hands cpu, memory and pids down. Reference: cgroup-v2.rst (a
// group's cgroup.controllers is what its parent's cgroup.subtree_control enabled; cpu.max is
// "<quota> <period>" in µs, "max" for none).
describe('a budget group on cgroup v2', () => {
  let mount: string
  const text = (path: string) => readFileSync(join(mount, path), 'utf8')
  beforeEach(() => {
    mount = mkdtempSync(join(tmpdir(), 'isobench-cgroupfs-'))
    mkdirSync(join(mount, 'system.slice/ci.service'), { recursive: true })
    writeFileSync(join(mount, 'system.slice/ci.service/cgroup.controllers'), 'cpu memory pids\n')
  })
  afterEach(() => rmSync(mount, { recursive: true, force: true }))
  const layoutWith = (controllers: string) => {
    const layout = v2Layout({ mount, ownPath: '/system.slice/ci.service', pid: 4242 })
    layout.ensure()
    writeFileSync(join(layout.subtree!, 'cgroup.controllers'), controllers) // what the kernel shows once the parent enabled them
    return layout
  }

  it('sits in the subtree, hands memory, pids and cpu to its members, holds memory.max, no swap and cpu.max, and is named by its path from the mount', async () => {
    const layout = layoutWith('cpu memory pids\n')
    const made = await makeV2Budget(layout, 'isobench-r-budget-1', { memoryMb: 448, cpus: 1 })
    expect(made).toEqual({ name: 'system.slice/isobench-h4242/isobench-r-budget-1', memoryMaxBytes: 448 * 1048576, cpus: 1 })
    const dir = 'system.slice/isobench-h4242/isobench-r-budget-1'
    expect(text(`${dir}/cgroup.subtree_control`)).toBe('+memory +pids +cpu')
    expect(text(`${dir}/memory.max`)).toBe(String(448 * 1048576))
    expect(text(`${dir}/memory.swap.max`)).toBe('0')
    expect(text(`${dir}/cpu.max`)).toBe('100000 100000')
    // a member's group nests in it, and its CPU quota is written where the controller reached it
    const [member] = layout.groupDirs('isobench-r-7', made.name)
    expect(member).toBe(join(mount, dir, 'isobench-r-7'))
    mkdirSync(member!)
    writeFileSync(join(member!, 'cpu.max'), 'max 100000')
    layout.writeLimits([member!], { pidsMax: 64, memoryBytes: undefined, cpus: 0.1 })
    expect(text(`${dir}/isobench-r-7/cpu.max`)).toBe('10000 100000')
    expect((await layout.readLimits([member!])).cpus).toBe(0.1)
  })

  it('a memory-only budget needs no cpu controller; a CPU budget without one says which controller is missing', async () => {
    const layout = layoutWith('memory pids\n')
    expect(await makeV2Budget(layout, 'isobench-r-budget-2', { memoryMb: 64 })).toMatchObject({ memoryMaxBytes: 64 * 1048576, cpus: null })
    expect(text('system.slice/isobench-h4242/isobench-r-budget-2/cgroup.subtree_control')).toBe('+memory +pids')
    await expect(makeV2Budget(layout, 'isobench-r-budget-3', { cpus: 1 })).rejects.toThrow(/needs the cpu controller, which is not delegated/)
    // a member without the cpu controller keeps no quota, and the read-back says none
    const [member] = layout.groupDirs('isobench-r-8', 'system.slice/isobench-h4242/isobench-r-budget-2')
    mkdirSync(member!)
    layout.writeLimits([member!], { pidsMax: undefined, memoryBytes: undefined, cpus: 0.1 })
    expect((await layout.readLimits([member!])).cpus).toBeUndefined()
  })
})
