/**
 * docker: one instance is a container through the Engine API (dockerode), running the same node
 * bootstrap as the process runtime with the same node binary (the locally built image, image.ts)
 * and environment. The clock starts before createContainer and stops when the bootstrap inside
 * is ready (create → attach → start → ready: container.ts); the first response is timed by the caller.
 * `docker:crun` and `docker:runsc` are the same adapter with the OCI runtime chosen per container
 * (HostConfig.Runtime); they are available when the daemon reports that runtime (oci.ts).
 */
import Docker from 'dockerode'
import type { Instance, Runtime, RuntimeInfo, RunContext, RuntimeOptions, Workload } from '../types.js'
import { containerOptions, startContainer } from './container.js'
import { probeDocker, removeLabelledContainers } from './daemon.js'
import { prepareImage } from './image.js'
import type { OciRuntime } from './oci.js'

const DESCRIPTIONS: Record<OciRuntime | 'default', string> = {
  default: 'a container per instance (Engine API; default OCI runtime), hardened, same node binary',
  crun: 'a container per instance under crun (the C OCI runtime), hardened, same node binary',
  runsc: 'a container per instance under gVisor (runsc: a user-space kernel between container and VM), hardened, same node binary',
}

/** The docker runtime; with `ociRuntime`, containers run under that OCI runtime (`docker:crun`, `docker:runsc`). */
export function createDockerRuntime(options: RuntimeOptions, ociRuntime?: OciRuntime): Runtime {
  const docker = new Docker()
  const name = ociRuntime ? `docker:${ociRuntime}` : 'docker'
  let image = options.image
  /** The info probe() returned; prepare() adds the image's id and size to it (recorded in the result). */
  let probed: RuntimeInfo | undefined
  /** createContainer calls in flight: cleanup waits for them, so a container made late is not missed. */
  const creating = new Set<Promise<unknown>>()
  return {
    name,
    description: DESCRIPTIONS[ociRuntime ?? 'default'],
    channel: { detail: 'answers on the container\'s stdout with a nonce, the workload\'s stdout and console sent to stderr; node:fs in the same process could read the nonce from its memory', shares: 'shares the process and stream' },
    async probe() {
      const availability = await probeDocker(docker, options, ociRuntime)
      if (availability.available) probed = availability.info
      return availability
    },
    async prepare(ctx: RunContext) {
      image = await prepareImage(docker, options, ctx, probed, ociRuntime)
    },
    async cleanup(runId: string) {
      await Promise.allSettled([...creating])
      await removeLabelledContainers(docker, runId)
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      if (!image) throw new Error(`${name} runtime used before prepare()`)
      const t0 = ctx.now()
      const create = docker.createContainer(containerOptions(image, workload, ctx.limits, ctx.runId, ociRuntime))
      creating.add(create)
      const untrack = () => void creating.delete(create)
      create.then(untrack, untrack)
      return startContainer(docker, create, workload, ctx, t0)
    },
  }
}
