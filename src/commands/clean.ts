/** `isobench clean`: removes every container labelled isobench (what a killed run left behind). */
import Docker from 'dockerode'
import { removeLabelledContainers, createDockerRuntime } from '../runtimes/docker.js'

export async function cleanCommand(options: { nodePath: string }): Promise<number> {
  const probe = await createDockerRuntime({ nodePath: options.nodePath }).probe()
  if (!probe.available) {
    process.stdout.write(`nothing to clean: ${probe.reason}\n`)
    return 0
  }
  const removed = await removeLabelledContainers(new Docker())
  process.stdout.write(`removed ${removed} container(s) labelled isobench\n`)
  return 0
}
