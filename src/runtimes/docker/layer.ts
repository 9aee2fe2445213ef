/**
 * How the bootstrap and the workload reach a container, on a local or a remote engine alike: no
 * bind mount of host paths (a remote engine has none of them) but a per-workload image layer. Once
 * per workload, before it is measured: a created (never started) container of the base image gets
 * a tiny tar of /isobench/{bootstrap.mjs,protocol.mjs,workload.js} through the Engine API
 * (putArchive), is committed as `isobench-workload:<run>-<row>-<sha>` and removed. Every instance
 * then starts from that image with its root filesystem read-only, exactly as before. (putArchive
 * into each instance instead is refused on a read-only root, and would need a writable volume.)
 * The layer (and its helper container) carry `isobench.layer=<run id>`, not the instances' label,
 * so a labelled container is always an instance; cleanup(runId) and `isobench clean` remove both.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type Docker from 'dockerode'
import { BOOTSTRAP_PATH, BOOTSTRAP_PROTOCOL_PATH } from '../bootstrap/paths.js'
import type { Workload } from '../types.js'

export const WORKLOAD_IMAGE_REPO = 'isobench-workload'
/** The label of workload layers and of the helper containers that make them. */
export const LAYER_LABEL = 'isobench.layer'
const BLOCK = 512

/** One entry of a tar archive: a directory (no content) or a file. */
export interface TarEntry {
  name: string
  mode: number
  content?: Buffer
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0'
}

/** One ustar header block (POSIX.1-1988): owner root, mtime 0. */
function tarHeader(entry: TarEntry): Buffer {
  const header = Buffer.alloc(BLOCK)
  const isDir = entry.content === undefined
  const name = isDir && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`)
  header.write(name, 0, 100, 'utf8')
  header.write(octal(entry.mode, 8), 100, 8, 'ascii')
  header.write(octal(0, 8), 108, 8, 'ascii')
  header.write(octal(0, 8), 116, 8, 'ascii')
  header.write(octal(entry.content?.length ?? 0, 12), 124, 12, 'ascii')
  header.write(octal(0, 12), 136, 12, 'ascii')
  header.write('        ', 148, 8, 'ascii') // the checksum counts its own field as spaces
  header.write(isDir ? '5' : '0', 156, 1, 'ascii')
  header.write('ustar\u000000', 257, 8, 'ascii')
  let sum = 0
  for (const byte of header) sum += byte
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii')
  return header
}

/** A tar archive of these entries (pure). */
export function tarOf(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = []
  for (const entry of entries) {
    parts.push(tarHeader(entry))
    if (entry.content) {
      parts.push(entry.content, Buffer.alloc((BLOCK - (entry.content.length % BLOCK)) % BLOCK))
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK))
  return Buffer.concat(parts)
}

/** Every directory and file under root as tar entries (sorted; symlinks followed), for a tar made without the tar binary. */
export function treeEntries(root: string, prefix = ''): TarEntry[] {
  const entries: TarEntry[] = []
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const path = prefix ? `${prefix}/${name}` : name
    const stat = statSync(join(root, path))
    if (stat.isDirectory()) entries.push({ name: path, mode: stat.mode & 0o7777 }, ...treeEntries(root, path))
    else if (stat.isFile()) entries.push({ name: path, mode: stat.mode & 0o7777, content: readFileSync(join(root, path)) })
  }
  return entries
}

/** The files an instance needs, read-only for everyone inside (the layer's tar). */
export function workloadTar(workload: Workload): Buffer {
  return tarOf([
    { name: 'isobench', mode: 0o555 },
    { name: 'isobench/bootstrap.mjs', mode: 0o444, content: readFileSync(BOOTSTRAP_PATH) },
    { name: 'isobench/protocol.mjs', mode: 0o444, content: readFileSync(BOOTSTRAP_PROTOCOL_PATH) },
    { name: 'isobench/workload.js', mode: 0o444, content: Buffer.from(workload.source) },
  ])
}

/** The layer image's tag: run, row and the workload's content (a Docker tag: [A-Za-z0-9_.-], at most 128). */
export function workloadImageTag(runId: string, row: string, source: string): string {
  const sha = createHash('sha256').update(source).digest('hex').slice(0, 12)
  return `${WORKLOAD_IMAGE_REPO}:${`${runId}-${row}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 110)}-${sha}`
}

/** Makes the layer image of a workload on top of `base`; returns its tag. The helper container is always removed. */
export async function buildWorkloadLayer(docker: Docker, base: string, workload: Workload, runId: string, row: string): Promise<string> {
  const tag = workloadImageTag(runId, row, workload.source)
  const helper = await docker.createContainer({ Image: base, Cmd: ['node'], Labels: { [LAYER_LABEL]: runId }, HostConfig: { NetworkMode: 'none' } })
  try {
    await helper.putArchive(workloadTar(workload), { path: '/' })
    const [repo, version] = tag.split(':') as [string, string]
    await helper.commit({ repo, tag: version, pause: false })
    return tag
  } finally {
    await helper.remove({ force: true, v: true }).catch(() => {})
  }
}

/** Removes the workload layers and any helper container left (with a run id: that run's only). Returns how many layers. */
export async function removeLabelledImages(docker: Docker, runId?: string): Promise<number> {
  const label = runId ? `${LAYER_LABEL}=${runId}` : LAYER_LABEL
  const helpers = await docker.listContainers({ all: true, filters: { label: [label] } })
  await Promise.all(helpers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})))
  const images = await docker.listImages({ all: true, filters: { label: [label] } })
  const removed = await Promise.all(images.map((image) => docker.getImage(image.Id).remove({ force: true }).then(() => 1, () => 0)))
  return removed.reduce<number>((a, b) => a + b, 0)
}
