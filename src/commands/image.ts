/** `isobench image build`: the local node image from a node binary (no registry needed); `--vm`: the qemu guest. */
import Docker from 'dockerode'
import { errorLine, RuntimeUnavailableError, UsageError } from '../errors.js'
import { watchInterrupts } from '../interrupt.js'
import { buildNodeImage, imageTagFor } from '../runtimes/docker/image.js'
import { createDockerRuntime } from '../runtimes/docker/index.js'
import { nodeVersionOf } from '../host/node-version.js'
import { monotonicNow } from '../measure/clock.js'
import { DEFAULT_LIMITS } from '../options.js'
import { createQemuRuntime } from '../runtimes/qemu/index.js'

export async function imageBuildCommand(options: { nodePath: string }): Promise<number> {
  const probe = await createDockerRuntime({ nodePath: options.nodePath }).probe()
  if (!probe.available) throw new RuntimeUnavailableError('docker', probe.reason, probe.fix)
  const docker = new Docker()
  const [version] = (await nodeVersionOf(options.nodePath).catch((error: unknown) => {
    throw new UsageError(`--node ${options.nodePath} is not a node binary that runs here (${errorLine(error).split('\n')[0]})`, 'pass the path of a node executable, e.g. --node "$(command -v node)"')
  })).split(' ')
  const tag = imageTagFor(version!)
  process.stderr.write(`building ${tag} from ${options.nodePath} and the libraries ldd lists...\n`)
  // An interrupted build keeps nothing: its temp rootfs goes, and Docker drops a cut-off import.
  const interruption = watchInterrupts({ log: (m) => process.stderr.write(`${m}\n`), stop: async () => {}, exitOnFirst: true })
  try {
    await buildNodeImage(docker, options.nodePath, tag)
  } finally {
    interruption.dispose()
  }
  const image = await docker.getImage(tag).inspect()
  process.stdout.write(`${tag} ${image.Id} ${(image.Size / 1024 / 1024).toFixed(1)} MiB\n`)
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
