/** `isobench image build [--self]`: the local node image, or the self image holding isobench, from a node binary (no registry needed); `--vm`: the qemu guest. */
import type Docker from 'dockerode'
import { TOOL_VERSION } from '../environment.js'
import { errorLine, RuntimeUnavailableError, UsageError } from '../errors.js'
import { watchInterrupts } from '../interrupt.js'
import { connectDocker } from '../runtimes/docker/connect.js'
import { buildNodeImage, imageTagFor } from '../runtimes/docker/image.js'
import { createDockerRuntime } from '../runtimes/docker/index.js'
import { buildSelfImage, selfImageTag } from '../runtimes/docker/self-image.js'
import { nodeVersionOf } from '../host/node-version.js'
import { monotonicNow } from '../measure/clock.js'
import { DEFAULT_LIMITS } from '../options.js'
import { createQemuRuntime } from '../runtimes/qemu/index.js'

export interface ImageBuildOptions {
  nodePath: string
  dockerHost?: string
  /** The self image (isobench inside) instead of the node image. */
  self?: boolean
}

/** Runs a build; an interrupted one keeps nothing: its temp rootfs goes, and Docker drops a cut-off import. */
async function interruptible(build: () => Promise<unknown>): Promise<void> {
  const interruption = watchInterrupts({ log: (m) => process.stderr.write(`${m}\n`), stop: async () => {}, exitOnFirst: true })
  try {
    await build()
  } finally {
    interruption.dispose()
  }
}

async function printImage(docker: Docker, tag: string): Promise<void> {
  const image = await docker.getImage(tag).inspect()
  process.stdout.write(`${tag} ${image.Id} ${(image.Size / 1024 / 1024).toFixed(1)} MiB\n`)
}

export async function imageBuildCommand(options: ImageBuildOptions): Promise<number> {
  const probe = await createDockerRuntime({ nodePath: options.nodePath, dockerHost: options.dockerHost }).probe()
  if (!probe.available) throw new RuntimeUnavailableError('docker', probe.reason, probe.fix)
  const { docker } = connectDocker(options.dockerHost)
  const [version] = (await nodeVersionOf(options.nodePath).catch((error: unknown) => {
    throw new UsageError(`--node ${options.nodePath} is not a node binary that runs here (${errorLine(error).split('\n')[0]})`, 'pass the path of a node executable, e.g. --node "$(command -v node)"')
  })).split(' ')
  const tag = imageTagFor(version!)
  const hasNodeImage = await docker.getImage(tag).inspect().then(() => true, () => false)
  if (!options.self || !hasNodeImage) {
    process.stderr.write(`building ${tag} from ${options.nodePath} and the libraries ldd lists...\n`)
    await interruptible(() => buildNodeImage(docker, options.nodePath, tag))
    await printImage(docker, tag)
  }
  if (!options.self) return 0
  const self = selfImageTag(TOOL_VERSION, version!)
  process.stderr.write(`building ${self}: ${options.nodePath}, its libraries, isobench's dist/ and production node_modules...\n`)
  await interruptible(() => buildSelfImage(docker, options.nodePath, self))
  await printImage(docker, self)
  return 0
}

/** `isobench image build --vm`: the qemu guest (initramfs + node disk), rebuilt, and its machine types timed again. */
export async function vmImageBuildCommand(options: { nodePath: string; kernelPath?: string }): Promise<number> {
  const runtime = createQemuRuntime({ nodePath: options.nodePath, kernelPath: options.kernelPath })
  const probe = await runtime.probe()
  if (!probe.available) throw new RuntimeUnavailableError('qemu', probe.reason, probe.fix)
  const log = (m: string) => process.stderr.write(`${m}\n`)
  const runId = `image-${process.pid}`
  const interruption = watchInterrupts({ log, stop: async () => runtime.cleanup?.(runId), exitOnFirst: true })
  try {
    process.stdout.write(`${await runtime.rebuild({ now: monotonicNow, runId, limits: { ...DEFAULT_LIMITS }, log })}\n`)
  } finally {
    await runtime.cleanup?.(runId)
    interruption.dispose()
  }
  return 0
}
