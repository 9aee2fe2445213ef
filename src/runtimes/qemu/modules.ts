/**
 * Which guest kernel modules to load, and in which order: the modules a guest needs (virtio
 * transport, console port, block device, the disk's filesystem) and everything they depend on,
 * dependencies first, read from the kernel's `modules.dep`. Pure.
 */

/** Modules a guest needs, by name; their dependencies are added from modules.dep. */
export const GUEST_MODULES = ['virtio_pci', 'virtio_mmio', 'virtio_console', 'virtio_blk', 'ext4', 'crc32c_generic'] as const

/** `kernel/fs/ext4/ext4.ko.xz` → `ext4` (modprobe names: `-` and `_` are the same). */
export const moduleName = (path: string) => path.split('/').pop()!.replace(/\.ko(\.\w+)?$/, '').replace(/-/g, '_')

/**
 * The relative paths (as in modules.dep) of the wanted modules and their dependencies, each after
 * what it needs. A wanted module built into the kernel (absent from modules.dep) is skipped.
 */
export function moduleLoadOrder(modulesDep: string, wanted: readonly string[]): string[] {
  const deps = new Map<string, { path: string; needs: string[] }>()
  for (const line of modulesDep.split('\n')) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const path = line.slice(0, colon).trim()
    deps.set(moduleName(path), { path, needs: line.slice(colon + 1).trim().split(/\s+/).filter(Boolean).map(moduleName) })
  }
  const order: string[] = []
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name)) return
    seen.add(name)
    const entry = deps.get(name)
    if (!entry) return
    entry.needs.forEach(visit)
    order.push(entry.path)
  }
  wanted.forEach((name) => visit(name.replace(/-/g, '_')))
  return order
}
