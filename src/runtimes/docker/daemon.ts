/**
 * The Docker daemon as the docker runtimes and `isobench clean` see it: whether it answers and
 * what it runs (probe), what a lost connection means, and removing the containers a run labelled.
 */
import type Docker from 'dockerode'
import { nodeVersionOf } from '../../host/node-version.js'
import { withTimeout } from '../../host/timeout.js'
import { UsageError } from '../../errors.js'
import type { Availability, RuntimeInfo, RuntimeOptions } from '../types.js'
import type { DockerEndpoint } from './connect.js'
import { ociRuntimeUnavailable, type OciRuntime } from './oci.js'

/** The label every container isobench makes carries (`isobench=<run id>`). */
export const LABEL = 'isobench'
const PING_TIMEOUT_MS = 3000
const REMOVE_ATTEMPTS = 10

const PING_SERIES = 10

const GONE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE'])

/** An Engine API error that means the daemon at `host` went away says so; other errors pass unchanged. */
export function explainDaemonError(error: unknown, host: string): unknown {
  const code = (error as { code?: string } | undefined)?.code
  const hangUp = error instanceof Error && /socket hang up/.test(error.message)
  if ((code && GONE_CODES.has(code)) || hangUp) {
    return new Error(`the Docker daemon stopped answering at ${host} (${code ?? 'socket hang up'})`, { cause: error })
  }
  return error
}

/** Docker's name (GOARCH) of a Node `process.arch`. */
export function goArch(nodeArch: string): string {
  return ({ x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[nodeArch] ?? nodeArch
}

/** Why the local node image cannot run on an engine of this OS/arch, or undefined when it can (pure). */
export function platformMismatch(engine: { os: string; arch: string }, local: { os: string; arch: string }, host: string): UsageError | undefined {
  if (engine.os === local.os && engine.arch === local.arch) return undefined
  return new UsageError(
    `the Docker engine at ${host} is ${engine.os}/${engine.arch} but this machine is ${local.os}/${local.arch}: the local node image (this machine's node binary) cannot run there`,
    `run isobench on a ${engine.os}/${engine.arch} machine (e.g. its self image, isobench image build --self, built there), or pass --image NAME of a ${engine.os}/${engine.arch} image with node on PATH`,
  )
}

/** Round trips to the daemon (GET /_ping), timed one after another: the network cost, apart from any container start. */
async function pingSeries(docker: Docker): Promise<Record<string, number>> {
  const times: number[] = []
  for (let i = 0; i < PING_SERIES; i++) {
    const t0 = performance.now()
    await docker.ping()
    times.push(performance.now() - t0)
  }
  const sorted = [...times].sort((a, b) => a - b)
  const round = (ms: number) => Math.round(ms * 1000) / 1000
  return { pingCount: times.length, pingMinMs: round(sorted[0]!), pingMedianMs: round(sorted[Math.floor(sorted.length / 2)]!), pingMaxMs: round(sorted.at(-1)!) }
}

const REMOTE_FIX = 'check the address and that the engine listens there (TLS: DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH with ca.pem, cert.pem, key.pem), or leave docker out: --runtime process,isolate'

/** How reports name the process view of a container on a remote engine. */
export const REMOTE_PROCESS_VIEW = 'not available for a remote engine'

const NO_DOCKER_FIX =
  'start the Docker daemon (in the isobench repo `sudo scripts/setup.sh` installs docker.io and starts dockerd), or leave docker out: --runtime process,isolate'

type DaemonInfo = { DefaultRuntime?: string; CgroupVersion?: string; CgroupDriver?: string; Driver?: string; Runtimes?: Record<string, unknown>; Name?: string; NCPU?: number; MemTotal?: number; KernelVersion?: string; OperatingSystem?: string }

/** What the result records of a remote engine: where it is, its host, and that its containers' processes cannot be read. */
function remoteDetails(endpoint: DockerEndpoint, info: DaemonInfo): RuntimeInfo['details'] {
  if (endpoint.isLocal) return {}
  return {
    engineHostName: info.Name ?? '',
    engineCpuCount: info.NCPU ?? 0,
    engineMemoryTotalBytes: info.MemTotal ?? 0,
    engineKernel: info.KernelVersion ?? '',
    engineOs: info.OperatingSystem ?? '',
    processView: REMOTE_PROCESS_VIEW,
    memorySource: 'engine-api-stats',
  }
}

/** Probes the daemon (and the OCI runtime, when one is asked for); the info is what the result records. */
export async function probeDocker(docker: Docker, endpoint: DockerEndpoint, options: RuntimeOptions, ociRuntime?: OciRuntime): Promise<Availability> {
  let info: DaemonInfo
  let version: Awaited<ReturnType<Docker['version']>>
  let pings: Record<string, number>
  try {
    await withTimeout(docker.ping(), PING_TIMEOUT_MS, 'no answer')
    version = await docker.version()
    info = (await docker.info()) as DaemonInfo
    pings = await pingSeries(docker)
  } catch (error) {
    const code = (error as { code?: string }).code
    const why = code ? `${code}` : error instanceof Error ? error.message : String(error)
    return { available: false, reason: `Docker daemon not reachable at ${endpoint.host} (${why})`, fix: endpoint.isLocal ? NO_DOCKER_FIX : REMOTE_FIX }
  }
  const unavailable = ociRuntime && (await ociRuntimeUnavailable(ociRuntime, Object.keys(info.Runtimes ?? {}), endpoint.isLocal))
  if (unavailable) return unavailable
  // An engine that does not say its platform (an old or partial Engine API) is not refused for it.
  if (!options.image && version.Os && version.Arch) {
    const mismatch = platformMismatch({ os: version.Os, arch: version.Arch }, { os: process.platform, arch: goArch(process.arch) }, endpoint.host)
    if (mismatch) throw mismatch
  }
  const oci = ociRuntime ?? info.DefaultRuntime ?? 'runc'
  let node = ''
  let v8 = ''
  if (!options.image) [node = '', v8 = ''] = (await nodeVersionOf(options.nodePath).catch(() => '')).split(' ')
  const probed: RuntimeInfo = {
    version: `docker ${version.Version} (${oci})`,
    ...(endpoint.isLocal ? {} : { note: `remote engine ${endpoint.host}: memory is the cgroup view from the Engine API's container stats; the process view (RSS/PSS) is ${REMOTE_PROCESS_VIEW}` }),
    details: {
      dockerHost: endpoint.host,
      dockerHostSource: endpoint.source,
      remote: !endpoint.isLocal,
      engineArch: version.Os && version.Arch ? `${version.Os}/${version.Arch}` : '',
      ...pings,
      ...remoteDetails(endpoint, info),
      engine: version.Version,
      apiVersion: version.ApiVersion,
      ociRuntime: oci,
      cgroupVersion: info.CgroupVersion ?? '',
      cgroupDriver: info.CgroupDriver ?? '',
      storageDriver: info.Driver ?? '',
      // the image is built from this binary (tagged with its version); a foreign --image is asked in prepare()
      ...(node ? { node, v8, nodePath: options.nodePath } : {}),
    },
  }
  return { available: true, info: probed }
}

/**
 * Why containers of this engine cannot join a budget group made on this host (HostConfig
 * CgroupParent = the group's path), from probe()'s details; undefined: they can. A remote engine's
 * cgroups are another machine's (there the path would be a new group without the budget's limits),
 * and dockerd's systemd driver takes only a slice name as the parent.
 */
export function dockerBudgetUnavailable(details: Record<string, unknown> | undefined): string | undefined {
  if (!details) return 'the docker engine was not probed'
  if (details.remote === true) return `the engine at ${String(details.dockerHost)} is remote: its cgroups are not this host's`
  if (details.cgroupDriver === 'systemd') return "dockerd's systemd cgroup driver takes only a slice as a container's parent; a budget group needs its cgroupfs driver (dockerd --exec-opt native.cgroupdriver=cgroupfs)"
  return undefined
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
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).then(() => removed.add(c.Id), () => {})))
  }
  return removed.size
}
