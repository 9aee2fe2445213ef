/**
 * A writer of the `newc` cpio format the Linux kernel unpacks as an initramfs (the kernel's
 * Documentation/driver-api/early-userspace/buffer-format.rst). Pure: entries in, bytes out. Device
 * nodes are written as entries, so building a guest needs no root (no mknod).
 */

/** One file, directory, symlink or character device of the archive; paths are relative (`dev/console`). */
export type CpioEntry =
  | { path: string; type: 'dir'; mode?: number }
  | { path: string; type: 'file'; data: Uint8Array | string; mode?: number }
  | { path: string; type: 'symlink'; target: string }
  | { path: string; type: 'chardev'; major: number; minor: number; mode?: number }

const TYPE_BITS = { dir: 0o040000, file: 0o100000, symlink: 0o120000, chardev: 0o020000 } as const
const DEFAULT_MODES = { dir: 0o755, file: 0o644, symlink: 0o777, chardev: 0o600 } as const
const TRAILER = 'TRAILER!!!'

const hex8 = (value: number) => value.toString(16).padStart(8, '0')
const pad4 = (length: number) => (4 - (length % 4)) % 4

function header(index: number, mode: number, size: number, nameSize: number, rdev: [number, number]): string {
  // magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check
  const fields = [index, mode, 0, 0, 1, 0, size, 0, 0, rdev[0], rdev[1], nameSize, 0]
  return '070701' + fields.map(hex8).join('')
}

/** The archive of the entries, in order (a directory must come before what it holds), with the trailer. */
export function writeCpio(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = []
  const push = (index: number, path: string, mode: number, data: Buffer, rdev: [number, number] = [0, 0]) => {
    const name = Buffer.from(path + '\0')
    const head = Buffer.from(header(index, mode, data.length, name.length, rdev))
    parts.push(head, name, Buffer.alloc(pad4(head.length + name.length)), data, Buffer.alloc(pad4(data.length)))
  }
  entries.forEach((entry, i) => {
    const mode = TYPE_BITS[entry.type] | (entry.type === 'symlink' ? DEFAULT_MODES.symlink : (entry.mode ?? DEFAULT_MODES[entry.type]))
    const data = entry.type === 'file' ? Buffer.from(entry.data) : entry.type === 'symlink' ? Buffer.from(entry.target) : Buffer.alloc(0)
    push(i + 1, entry.path, mode, data, entry.type === 'chardev' ? [entry.major, entry.minor] : [0, 0])
  })
  push(entries.length + 1, TRAILER, 0, Buffer.alloc(0))
  return Buffer.concat(parts)
}
