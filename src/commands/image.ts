/** `isobench image build`: the local node image from a node binary (no registry needed). */
import { errorLine, RuntimeUnavailableError, UsageError } from '../errors.js'
import { watchInterrupts } from '../interrupt.js'
import { connectDocker } from '../runtimes/docker/connect.js'
import { buildNodeImage, imageTagFor } from '../runtimes/docker/image.js'
import { createDockerRuntime } from '../runtimes/docker/index.js'
import { nodeVersionOf } from '../host/node-version.js'

export async function imageBuildCommand(options: { nodePath: string; dockerHost?: string }): Promise<number> {
  const probe = await createDockerRuntime({ nodePath: options.nodePath, dockerHost: options.dockerHost }).probe()
  if (!probe.available) throw new RuntimeUnavailableError('docker', probe.reason, probe.fix)
  const { docker } = connectDocker(options.dockerHost)
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
