/**
 * docker: one instance is a container through the Engine API (dockerode), running the same node
 * bootstrap as the process runtime with the same node binary (the locally built image, image.ts)
 * and environment. The clock starts before createContainer and stops when the bootstrap inside
 * is ready (create → attach → start → ready: container.ts); the first response is timed by the caller.
 * `docker:crun` and `docker:runsc` are the same adapter with the OCI runtime chosen per container
 * (HostConfig.Runtime); they are available when the daemon reports that runtime (oci.ts).
 * The engine may be remote (connect.ts): the files reach it as a per-workload image layer (layer.ts).
 */
import type { Instance, Runtime, RuntimeInfo, RunContext, RuntimeOptions, Workload } from '../types.js'
import { connectDocker } from './connect.js'
import { containerOptions, startContainer } from './container.js'
import { dockerBudgetUnavailable, probeDocker, removeLabelledContainers } from './daemon.js'
import { prepareImage } from './image.js'
import { buildWorkloadLayer, removeLabelledImages } from './layer.js'
import type { OciRuntime } from './oci.js'

const DESCRIPTIONS: Record<OciRuntime | 'default', string> = {
  default: 'a container per instance (Engine API; default OCI runtime), hardened, same node binary',
  crun: 'a container per instance under crun (the C OCI runtime), hardened, same node binary',
  runsc: 'a container per instance under gVisor (runsc: a user-space kernel between container and VM), hardened, same node binary',
}

/** The docker runtime; with `ociRuntime`, containers run under that OCI runtime (`docker:crun`, `docker:runsc`). */
export function createDockerRuntime(options: RuntimeOptions, ociRuntime?: OciRuntime): Runtime {
  const { docker, endpoint } = connectDocker(options.dockerHost)
  const name = ociRuntime ? `docker:${ociRuntime}` : 'docker'
  let image = options.image
  /** The layer image of each workload source (made once, on prepareWorkload or first start). */
  const layers = new Map<string, Promise<string>>()
  /** The info probe() returned; prepare() adds the image's id and size to it (recorded in the result). */
  let probed: RuntimeInfo | undefined
  /** createContainer calls in flight: cleanup waits for them, so a container made late is not missed. */
  const creating = new Set<Promise<unknown>>()
  /** The workload's layer image, made once per source and timed (`layerMs` in the result's environment). */
  function layerOf(workload: Workload, ctx: RunContext): Promise<string> {
    if (!image) throw new Error(`${name} runtime used before prepare()`)
    let layer = layers.get(workload.source)
    if (!layer) {
      const t0 = ctx.now()
      layer = buildWorkloadLayer(docker, image, workload, ctx.runId, name).then((tag) => {
        if (probed) probed.details[`layerMs.${workload.name}`] = Math.round((ctx.now() - t0) * 1000) / 1000
        return tag
      })
      layers.set(workload.source, layer)
    }
    return layer
  }
  return {
    name,
    description: DESCRIPTIONS[ociRuntime ?? 'default'],
    channel: { detail: 'answers on the container\'s stdout with a nonce, the workload\'s stdout and console sent to stderr; node:fs in the same process could read the nonce from its memory', shares: 'shares the process and stream' },
    async probe() {
      const availability = await probeDocker(docker, endpoint, options, ociRuntime)
      if (availability.available) probed = availability.info
      return availability
    },
    budgetUnavailable: () => dockerBudgetUnavailable(probed?.details),
    async prepare(ctx: RunContext) {
      image = await prepareImage(docker, options, ctx, probed, ociRuntime)
    },
    async prepareWorkload(ctx: RunContext, workload: Workload) {
      await layerOf(workload, ctx)
    },
    async cleanup(runId: string) {
      await Promise.allSettled([...creating, ...layers.values()])
      await removeLabelledContainers(docker, runId)
      await removeLabelledImages(docker, runId)
      layers.clear()
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const layer = await layerOf(workload, ctx)
      const t0 = ctx.now()
      const create = docker.createContainer(containerOptions(layer, ctx.limits, ctx.runId, ociRuntime))
      creating.add(create)
      const untrack = () => void creating.delete(create)
      create.then(untrack, untrack)
      return startContainer(docker, endpoint, create, workload, ctx, t0)
    },
  }
}
