/** The cgroup view of memory: the usage of the cgroup a process lives in, cgroup v1 or v2. */
import { readFile } from 'node:fs/promises'

/**
 * The file holding the memory usage of the cgroup described by a `/proc/<pid>/cgroup` text.
 * v1 (and hybrid): the `memory` controller line → `<root>/memory<path>/memory.usage_in_bytes`;
 * v2: the `0::<path>` line → `<root><path>/memory.current`. Undefined when there is neither.
 * Reference: kernel Documentation/admin-guide/cgroup-v1/memory.rst §5.5 and cgroup-v2.rst "memory.current".
 */
export function cgroupMemoryFile(procCgroup: string, version: 'v1' | 'v2' | 'none', root = '/sys/fs/cgroup'): string | undefined {
  const lines = procCgroup.split('\n').map((line) => {
    const [, controllers = '', ...path] = line.split(':')
    return { controllers: controllers.split(','), path: path.join(':') }
  })
  if (version === 'v1') {
    const memory = lines.find((line) => line.controllers.includes('memory'))
    return memory ? `${root}/memory${memory.path.replace(/\/$/, '')}/memory.usage_in_bytes` : undefined
  }
  if (version === 'v2') {
    const unified = lines.find((line) => line.controllers.length === 1 && line.controllers[0] === '' && line.path.startsWith('/'))
    return unified ? `${root}${unified.path.replace(/\/$/, '')}/memory.current` : undefined
  }
  return undefined
}

/** The memory usage in bytes of the cgroup a process is in; undefined when not readable here. */
export async function readCgroupMemoryBytes(pid: number, version: 'v1' | 'v2' | 'none'): Promise<number | undefined> {
  try {
    const file = cgroupMemoryFile(await readFile(`/proc/${pid}/cgroup`, 'utf8'), version)
    if (!file) return undefined
    const value = Number((await readFile(file, 'utf8')).trim())
    return Number.isFinite(value) ? value : undefined
  } catch {
    return undefined
  }
}
