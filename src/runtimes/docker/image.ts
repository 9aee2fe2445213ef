/**
 * The image docker instances run. By default the local node image: no registry is needed. A tiny root filesystem holding the host's own node
 * binary and the shared libraries `ldd` lists, imported with the Engine API (like `docker import`).
 * That is also the fair comparison: the same Node binary in the container as in the child process.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import type Docker from 'dockerode'
import { execa } from 'execa'
import { WORKLOAD_ENV } from '../../host/env.js'
import { nodeVersionOf } from '../../host/node-version.js'
import { makeTempDir, removeTempDir } from '../../temp.js'
import type { RunContext, RuntimeInfo, RuntimeOptions } from '../types.js'
import { tarOf, treeEntries } from './layer.js'

/** Where node sits inside the image. */
export const IMAGE_NODE_PATH = '/usr/bin/node'
export const IMAGE_REPO = 'isobench-node'

/** The image tag for a node version, e.g. `isobench-node:v20.20.2`. */
export function imageTagFor(nodeVersion: string): string {
  return `${IMAGE_REPO}:${nodeVersion}`
}

/** Parses `ldd` output into the absolute paths of the libraries a binary loads. */
export function parseLdd(output: string): string[] {
  const paths = new Set<string>()
  for (const line of output.split('\n')) {
    const arrow = /=>\s+(\/\S+)/.exec(line)
    const direct = /^\s*(\/\S+)\s+\(/.exec(line)
    const path = arrow?.[1] ?? direct?.[1]
    if (path) paths.add(path)
  }
  return [...paths]
}

/**
 * Where a list of node's libraries is kept in an image that has no `ldd` (the self image, self-image.ts):
 * one absolute path a line, written when the image was built from the host.
 */
export const NODE_LIBRARIES_FILE = '/etc/isobench-node-libraries'

/** The libraries a node binary loads: `ldd`, or where there is none (inside the self image) the list it was built with. */
async function nodeLibraries(nodePath: string): Promise<string[]> {
  try {
    const { stdout } = await execa('ldd', [nodePath], { env: WORKLOAD_ENV, extendEnv: false })
    return parseLdd(stdout)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync(NODE_LIBRARIES_FILE)) throw error
    return readFileSync(NODE_LIBRARIES_FILE, 'utf8').split('\n').filter(Boolean)
  }
}

/** Copies a node binary (to /usr/bin/node) and its libraries into root, with the few directories and files a container needs. */
export async function copyNodeRootfs(root: string, nodePath: string): Promise<string[]> {
  const libraries = await nodeLibraries(nodePath)
  const files = [[nodePath, IMAGE_NODE_PATH], ...libraries.map((lib) => [lib, lib])] as const
  // Synchronous on purpose: an interrupt is handled between these calls, never while one runs in
  // the thread pool, where it could recreate a directory after the exit hook removed the rootfs.
  for (const [from, to] of files) {
    mkdirSync(join(root, dirname(to)), { recursive: true })
    copyFileSync(from, join(root, to)) // follows symlinks: the image holds the real files
  }
  for (const dir of ['tmp', 'isobench', 'etc', 'proc', 'sys', 'dev']) mkdirSync(join(root, dir), { recursive: true })
  // The root is a temp dir (0700), and the tar's `./` entry carries its mode into the image. overlay2
  // hides it (the container's root is its own upper dir, 0755); the vfs storage driver does not, and
  // there the workload's user (nobody) could not reach /sbin/docker-init: every start failed.
  chmodSync(root, 0o755)
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/:/bin/false\nnobody:x:65534:65534:nobody:/:/bin/false\n')
  return libraries
}

/** The rootfs as a tar stream: the system's tar, or (none, as inside the self image) one made here. */
function rootfsTar(root: string): NodeJS.ReadableStream {
  if (!existsSync(NODE_LIBRARIES_FILE)) return execa('tar', ['-C', root, '-cf', '-', '.'], { buffer: false, env: WORKLOAD_ENV, extendEnv: false }).stdout!
  return Readable.from([tarOf(treeEntries(root))])
}

/** Imports a root directory as an image (like `docker import`; `changes` as its --change); waits for the daemon to finish. */
export async function importRootfs(docker: Docker, root: string, tag: string, changes: string[] = []): Promise<void> {
  const [repo, version] = tag.split(':') as [string, string]
  const progress = await docker.importImage(rootfsTar(root) as unknown as string, { repo, tag: version, ...(changes.length > 0 ? { changes } : {}) })
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(progress, (error: Error | null, events: Array<{ error?: string }>) => {
      const failed = events?.find((event) => event.error)
      if (error || failed) reject(error ?? new Error(failed!.error))
      else resolve()
    }),
  )
}

/** Builds the image from a node binary; returns the tag. Leaves no temp files. */
export async function buildNodeImage(docker: Docker, nodePath: string, tag: string): Promise<string> {
  const root = makeTempDir('isobench-rootfs-')
  try {
    await copyNodeRootfs(root, nodePath)
    await importRootfs(docker, root, tag)
    return tag
  } finally {
    await removeTempDir(root)
  }
}

/**
 * `<node version> <v8 version>` of the node inside an image (a foreign `--image`), asked of a
 * one-off container (no network, labelled with the run id, removed before this returns).
 */
export async function imageNodeVersion(docker: Docker, image: string, runId: string, ociRuntime?: string): Promise<string> {
  const output = new PassThrough()
  let text = ''
  output.on('data', (chunk: Buffer) => (text += chunk.toString()))
  const [result, container] = (await docker.run(image, ['node', '-p', 'process.version + " " + process.versions.v8'], output, {
    Env: Object.entries(WORKLOAD_ENV).map(([key, value]) => `${key}=${value}`),
    Labels: { isobench: runId },
    HostConfig: { NetworkMode: 'none', ...(ociRuntime ? { Runtime: ociRuntime } : {}) },
  })) as [{ StatusCode: number }, Docker.Container]
  await container.remove({ force: true }).catch(() => {})
  if (result.StatusCode !== 0) throw new Error(`node in image ${image} did not answer its version (exit ${result.StatusCode}): ${text.trim().slice(0, 200)}`)
  return text.trim().split('\n').pop() ?? ''
}

/** Records an image's id and size in the probed info (the result's environment). */
async function recordImage(docker: Docker, image: string, probed: RuntimeInfo | undefined): Promise<void> {
  const inspected = await docker.getImage(image).inspect()
  if (probed) Object.assign(probed.details, { image, imageId: inspected.Id, imageSizeBytes: inspected.Size })
}

/**
 * The image the instances run, made ready before measuring (untimed): a foreign `--image` must be
 * on this machine (its node version is asked of it and recorded; a node that cannot answer fails
 * the samples later, with their reason), else the local node image, built on first use.
 */
export async function prepareImage(docker: Docker, options: RuntimeOptions, ctx: RunContext, probed: RuntimeInfo | undefined, ociRuntime?: string): Promise<string> {
  if (options.image) {
    try {
      await recordImage(docker, options.image, probed)
    } catch {
      throw new Error(`image ${options.image} is not on this machine; load it (docker load / docker pull) or drop --image to use the local node image`)
    }
    const version = probed ? await imageNodeVersion(docker, options.image, ctx.runId, ociRuntime).catch(() => undefined) : undefined
    if (version !== undefined) {
      const [node = '', v8 = ''] = version.split(' ')
      Object.assign(probed!.details, { node, v8 })
    }
    return options.image
  }
  const [nodeVersion] = (await nodeVersionOf(options.nodePath)).split(' ')
  const tag = imageTagFor(nodeVersion!)
  try {
    await docker.getImage(tag).inspect()
  } catch {
    ctx.log(`building image ${tag} from ${options.nodePath} (first use; once)`)
    await buildNodeImage(docker, options.nodePath, tag)
  }
  await recordImage(docker, tag, probed)
  return tag
}
