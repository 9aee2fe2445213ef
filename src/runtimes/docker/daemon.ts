/**
 * The Docker daemon as the docker runtimes and `isobench clean` see it: whether it answers and
 * what it runs (probe), what a lost connection means, and removing the containers a run labelled.
 */
import type Docker from 'dockerode'
import { nodeVersionOf } from '../../host/node-version.js'
import { withTimeout } from '../../host/timeout.js'
import type { Availability, RuntimeInfo, RuntimeOptions } from '../types.js'
import { ociRuntimeUnavailable, type OciRuntime } from './oci.js'

/** The label every container isobench makes carries (`isobench=<run id>`). */
export const LABEL = 'isobench'
const PING_TIMEOUT_MS = 3000
const REMOVE_ATTEMPTS = 10

/** Where the daemon is expected, for messages. */
function dockerAddress(): string {
  return process.env.DOCKER_HOST ?? '/var/run/docker.sock'
}

const GONE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE'])

/** An Engine API error that means the daemon went away says so; other errors pass unchanged. */
export function explainDaemonError(error: unknown): unknown {
  const code = (error as { code?: string } | undefined)?.code
  const hangUp = error instanceof Error && /socket hang up/.test(error.message)
  if ((code && GONE_CODES.has(code)) || hangUp) {
    return new Error(`the Docker daemon stopped answering at ${dockerAddress()} (${code ?? 'socket hang up'})`, { cause: error })
  }
  return error
}

const NO_DOCKER_FIX =
  'start the Docker daemon (in the isobench repo `sudo scripts/setup.sh` installs docker.io and starts dockerd), or leave docker out: --runtime process,isolate'

type DaemonInfo = { DefaultRuntime?: string; CgroupVersion?: string; Driver?: string; Runtimes?: Record<string, unknown> }

/** Probes the daemon (and the OCI runtime, when one is asked for); the info is what the result records. */
export async function probeDocker(docker: Docker, options: RuntimeOptions, ociRuntime?: OciRuntime): Promise<Availability> {
  let info: DaemonInfo
  let version: Awaited<ReturnType<Docker['version']>>
  try {
    await withTimeout(docker.ping(), PING_TIMEOUT_MS, 'no answer')
    version = await docker.version()
    info = (await docker.info()) as DaemonInfo
  } catch (error) {
    const code = (error as { code?: string }).code
    const why = code ? `${code}` : error instanceof Error ? error.message : String(error)
    return { available: false, reason: `Docker daemon not reachable at ${dockerAddress()} (${why})`, fix: NO_DOCKER_FIX }
  }
  const unavailable = ociRuntime && (await ociRuntimeUnavailable(ociRuntime, Object.keys(info.Runtimes ?? {})))
  if (unavailable) return unavailable
  const oci = ociRuntime ?? info.DefaultRuntime ?? 'runc'
  let node = ''
  let v8 = ''
  if (!options.image) [node = '', v8 = ''] = (await nodeVersionOf(options.nodePath).catch(() => '')).split(' ')
  const probed: RuntimeInfo = {
    version: `docker ${version.Version} (${oci})`,
    details: {
      engine: version.Version,
      apiVersion: version.ApiVersion,
      ociRuntime: oci,
      cgroupVersion: info.CgroupVersion ?? '',
      storageDriver: info.Driver ?? '',
      // the image is built from this binary (tagged with its version); a foreign --image is asked in prepare()
      ...(node ? { node, v8, nodePath: options.nodePath } : {}),
    },
  }
  return { available: true, info: probed }
}

/** Removes every container labelled `isobench` (with a value: that run's only). Returns how many. */
export async function removeLabelledContainers(docker: Docker, runId?: string): Promise<number> {
  const label = runId ? `${LABEL}=${runId}` : LABEL
  const removed = new Set<string>()
  // A container whose removal is already under way (another stop) answers 409 at once: list again
  // until none is left, so that returning means gone (bounded: a wedged daemon cannot hang us).
  for (let attempt = 0; attempt < REMOVE_ATTEMPTS; attempt++) {
    const containers = await docker.listContainers({ all: true, filters: { label: [label] } })
    if (containers.length === 0) break
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).then(() => removed.add(c.Id), () => {})))
  }
  return removed.size
}
