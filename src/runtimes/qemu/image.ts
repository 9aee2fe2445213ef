/**
 * The guest a qemu instance boots, built on first use (or by `isobench image build --vm`) like the
 * docker image (../docker/image.ts): a read-only ext2 disk holding the host's own node and the
 * libraries `ldd` lists, and a small initramfs holding a static busybox, the guest kernel's virtio
 * and ext4 modules, the node bootstrap (`../bootstrap/bootstrap.mjs` + `protocol.mjs`, unchanged)
 * and the tiny init (`guest/init.sh`). Nothing in it is tied to QEMU's command line: a Firecracker
 * or cloud-hypervisor adapter could boot the same kernel, initramfs and disk.
 * The pair is cached under a key of every input (files by content or by path, size and mtime) in
 * isobench's cache directory; a build goes into a fresh directory renamed into place, so a
 * directory is never trusted unless a finished build made it.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { WORKLOAD_ENV } from '../../host/env.js'
import { removeTempDir, trackTempPath, untrackTempPath } from '../../temp.js'
import { BOOTSTRAP_PATH, BOOTSTRAP_PROTOCOL_PATH } from '../bootstrap/paths.js'
import { parseLdd } from '../docker/image.js'
import { writeCpio, type CpioEntry } from './cpio.js'
import { GUEST_MODULES, moduleLoadOrder } from './modules.js'

/** Bumped when the layout of the guest changes, so older caches are not used. */
const GUEST_FORMAT = 1
/** The guest's init script (guest-side glue; the bootstrap itself is the shared one). */
export const GUEST_INIT_PATH = fileURLToPath(new URL('./guest/init.sh', import.meta.url))
export const BUSYBOX_PATH = '/bin/busybox'

/** A built guest: the initramfs and the node disk, and the key they were built under. */
export interface GuestImage {
  key: string
  dir: string
  initrdPath: string
  diskPath: string
  diskBytes: number
  initrdBytes: number
}

/** What a guest is built from. */
export interface GuestInputs {
  nodePath: string
  /** The kernel release, which picks `/lib/modules/<release>`. */
  kernelRelease: string
  modulesDir?: string
}

/** isobench's cache directory (`$XDG_CACHE_HOME/isobench`, else `~/.cache/isobench`). */
export function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'isobench')
}

const fileStamp = (path: string) => {
  const stat = statSync(path)
  return `${path}:${stat.size}:${stat.mtimeMs}`
}

/** Every file a guest holds, by where it goes: `disk` (node + libraries) and `initrd` (busybox, modules, bootstrap, init). */
async function guestFiles(inputs: GuestInputs) {
  const { stdout } = await execa('ldd', [inputs.nodePath], { env: WORKLOAD_ENV, extendEnv: false })
  const disk = [[inputs.nodePath, 'usr/bin/node'], ...parseLdd(stdout).map((lib) => [lib, lib.slice(1)])] as Array<[string, string]>
  const modulesDir = inputs.modulesDir ?? `/lib/modules/${inputs.kernelRelease}`
  const depFile = join(modulesDir, 'modules.dep')
  const modules = existsSync(depFile) ? moduleLoadOrder(readFileSync(depFile, 'utf8'), GUEST_MODULES) : []
  const compressed = modules.find((path) => !path.endsWith('.ko'))
  if (compressed) throw new Error(`the guest kernel's module ${compressed} is compressed; busybox's insmod needs plain .ko files`)
  return { disk, modules: modules.map((path) => [join(modulesDir, path), `lib/modules/${path.split('/').pop()}`] as [string, string]) }
}

/** The cache key of a guest: a hash of the format, the file stamps and the bootstrap, protocol and init contents. */
function guestKey(files: Awaited<ReturnType<typeof guestFiles>>): string {
  const hash = createHash('sha256').update(`format ${GUEST_FORMAT}\n`)
  const stamped: Array<[string, string]> = [...files.disk, ...files.modules, [BUSYBOX_PATH, 'bin/busybox']]
  for (const [from, to] of stamped) hash.update(`${to} ${fileStamp(from)}\n`)
  for (const path of [BOOTSTRAP_PATH, BOOTSTRAP_PROTOCOL_PATH, GUEST_INIT_PATH]) hash.update(readFileSync(path))
  return hash.digest('hex').slice(0, 16)
}

/** The initramfs entries: directories, /dev/console, busybox, modules (+ their load order), bootstrap, init. */
function initrdEntries(files: Awaited<ReturnType<typeof guestFiles>>, binds: string[]): CpioEntry[] {
  const dirs = ['bin', 'dev', 'proc', 'sys', 'tmp', 'lib', 'lib/modules', 'isobench']
  return [
    ...dirs.map((path): CpioEntry => ({ path, type: 'dir' })),
    { path: 'dev/console', type: 'chardev', major: 5, minor: 1 },
    { path: 'bin/busybox', type: 'file', data: readFileSync(BUSYBOX_PATH), mode: 0o755 },
    { path: 'init', type: 'file', data: readFileSync(GUEST_INIT_PATH), mode: 0o755 },
    { path: 'isobench/bootstrap.mjs', type: 'file', data: readFileSync(BOOTSTRAP_PATH) },
    { path: 'isobench/protocol.mjs', type: 'file', data: readFileSync(BOOTSTRAP_PROTOCOL_PATH) },
    { path: 'isobench/modules', type: 'file', data: files.modules.map(([, to]) => to.split('/').pop()).join('\n') + '\n' },
    { path: 'isobench/binds', type: 'file', data: binds.join('\n') + '\n' },
    ...files.modules.map(([from, to]): CpioEntry => ({ path: to, type: 'file', data: readFileSync(from) })),
  ]
}

/** Writes the node disk: the files into a directory, then `mke2fs -d` (no root, no mount needed). */
async function writeDisk(files: Array<[string, string]>, work: string, diskPath: string): Promise<void> {
  const root = join(work, 'root')
  let bytes = 0
  for (const [from, to] of files) {
    mkdirSync(join(root, dirname(to)), { recursive: true })
    copyFileSync(from, join(root, to)) // follows symlinks: the disk holds the real files
    bytes += statSync(from).size
  }
  const sizeKiB = Math.ceil((bytes * 1.1) / 1024) + 8192
  await execa('mke2fs', ['-q', '-t', 'ext2', '-m', '0', '-L', 'isobench', '-E', 'root_owner=0:0', '-d', root, '-F', diskPath, `${sizeKiB}k`], { env: { PATH: '/usr/sbin:/sbin:/usr/bin:/bin' }, extendEnv: false })
  await removeTempDir(root)
}

const imageAt = (key: string, dir: string): GuestImage => {
  const initrdPath = join(dir, 'initrd.cpio')
  const diskPath = join(dir, 'node.ext2')
  return { key, dir, initrdPath, diskPath, initrdBytes: statSync(initrdPath).size, diskBytes: statSync(diskPath).size }
}

/** The guest for these inputs: the cached one, else built now (`log` says so). `force` rebuilds. */
export async function ensureGuestImage(inputs: GuestInputs, log: (message: string) => void, force = false): Promise<GuestImage> {
  if (!statSync(BUSYBOX_PATH, { throwIfNoEntry: false })) throw new Error(`${BUSYBOX_PATH} is missing (apt-get install busybox-static)`)
  const files = await guestFiles(inputs)
  const key = guestKey(files)
  const dir = join(cacheRoot(), `vm-${key}`)
  if (!force && existsSync(join(dir, 'done'))) return imageAt(key, dir)
  log(`building the qemu guest ${key} from ${inputs.nodePath} and kernel ${inputs.kernelRelease}'s modules (first use; once)`)
  mkdirSync(cacheRoot(), { recursive: true })
  // A fresh directory beside the cache entry (same filesystem), renamed into place when complete.
  const work = mkdtempSync(join(cacheRoot(), `.build-vm-${key}-`))
  trackTempPath(work)
  try {
    const binds = [...new Set(files.disk.map(([, to]) => to.split('/')[0]!))]
    writeFileSync(join(work, 'initrd.cpio'), writeCpio(initrdEntries(files, binds)))
    await writeDisk(files.disk, work, join(work, 'node.ext2'))
    writeFileSync(join(work, 'inputs.txt'), [...files.disk, ...files.modules].map(([from, to]) => `${to} <- ${from}`).join('\n') + '\n')
    writeFileSync(join(work, 'done'), `${key}\n`)
    rmSync(dir, { recursive: true, force: true }) // an unfinished or forced one
    renameSync(work, dir)
    untrackTempPath(work)
  } finally {
    await removeTempDir(work)
  }
  return imageAt(key, dir)
}
