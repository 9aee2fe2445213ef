/**
 * docker: a container per instance through the Engine API (dockerode), running the same bootstrap
 * as the process runtime with the same node binary (the locally built image) and environment.
 * Start = create (createContainer) → attach (stdio hijack) → start (the start call returns) →
 * ready (the bootstrap inside said it loaded the workload). The first response is timed by the
 * scheduler. Containers are hardened as a careful operator would run them, labelled
 * `isobench=<run id>`, and removed (forced) when the instance stops.
 * `docker:crun` and `docker:runsc` are the same adapter with the OCI runtime chosen per container
 * (HostConfig.Runtime); they are available when the daemon reports that runtime.
 */
import { readFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { cgroupVersion } from '../environment.js'
import { readCgroupMemoryBytes } from '../measure/cgroup.js'
import { PassThrough } from 'node:stream'
import Docker from 'dockerode'
import { bootstrapUsage, openChannel, readyWithin, tailOf, withTimeout } from './channel.js'
import { buildNodeImage, imageNodeVersion, imageTagFor } from './docker-image.js'
import { instanceMemoryBytes, instancePidsLimit, isRelaxed, workloadEnv, workloadNodeFlags } from './hardening.js'
import { BOOTSTRAP_PATH, BOOTSTRAP_PROTOCOL_PATH } from './node-env.js'
import { nodeVersionOf } from './process.js'
import type { RuntimeOptions } from './options.js'
import { parentPid, processTree, sumProcessMemory } from '../measure/proc.js'
import type { Instance, MemoryReading, Runtime, RuntimeInfo, RunContext, Workload } from './types.js'

const PING_TIMEOUT_MS = 3000
export const LABEL = 'isobench'
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

/** OCI runtimes other than the daemon's default that isobench has rows for. */
export type OciRuntime = 'crun' | 'runsc'

/**
 * Tasks runsc itself adds to the container's pids cgroup (Sentry and gofer threads, which grow
 * with the cores): 57 with an idle node on 2 cores here; at a pids limit of 32 `runsc create` hung
 * for good, at 24 and below it failed. Added on top of the workload's own --pids-limit.
 */
export function runscPidsHeadroom(cpuCount = cpus().length): number {
  return 64 + 32 * cpuCount
}

/** What registering an OCI runtime with dockerd takes (daemon.json, applied with SIGHUP). */
const REGISTER_FIX: Record<OciRuntime, string> = {
  crun: 'apt-get install crun; add "crun": {"path": "/usr/bin/crun"} under "runtimes" in /etc/docker/daemon.json and send dockerd SIGHUP (sudo scripts/setup.sh does both)',
  runsc: 'apt-get install runsc; add "runsc": {"path": "/usr/bin/runsc", "runtimeArgs": ["--network=none"]} under "runtimes" in /etc/docker/daemon.json and send dockerd SIGHUP (sudo scripts/setup.sh does both)',
}

const HUGETLB_FIX = 'mkdir -p /sys/fs/cgroup/hugetlb && mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb (sudo scripts/setup.sh does it; a mount does not survive a reboot)'

/**
 * Whether crun can run on this host's cgroup layout: on a v1 "hybrid" host (a cgroup2 hierarchy
 * mounted beside the v1 ones) crun refuses to start ("cgroups in hybrid mode not supported") unless
 * the hugetlb controller has a v1 hierarchy. Checked only for a local daemon (a unix socket: same mounts).
 */
export function crunCgroupProblem(mountinfo: string): string | undefined {
  const cgroupMounts = mountinfo.split('\n').map((line) => {
    const [, after = ''] = line.split(' - ')
    const [fstype = '', , superOptions = ''] = after.split(' ')
    return { fstype, options: superOptions.split(','), mountPoint: line.split(' ')[4] ?? '' }
  })
  const isHybrid = cgroupMounts.some((m) => m.fstype === 'cgroup') && cgroupMounts.some((m) => m.fstype === 'cgroup2')
  if (!isHybrid) return undefined
  if (cgroupMounts.some((m) => m.fstype === 'cgroup' && m.options.includes('hugetlb'))) return undefined
  return 'crun refuses this cgroup v1 hybrid layout until a v1 hugetlb hierarchy is mounted'
}

/** The containerd-shim serving this container (the parent of its init), if it is one: its command line names the container id. */
async function shimOf(pid: number, containerId: string): Promise<number | undefined> {
  const parent = await parentPid(pid)
  if (!parent) return undefined
  try {
    const cmdline = await readFile(`/proc/${parent}/cmdline`, 'utf8')
    return cmdline.includes('containerd-shim') && cmdline.includes(containerId) ? parent : undefined
  } catch {
    return undefined
  }
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

/** The docker runtime; with `ociRuntime`, containers run under that OCI runtime (`docker:crun`, `docker:runsc`). */
export function createDockerRuntime(options: RuntimeOptions, ociRuntime?: OciRuntime): Runtime {
  const docker = new Docker()
  const name = ociRuntime ? `docker:${ociRuntime}` : 'docker'
  let image = options.image
  /** The info probe() returned; prepare() adds the image's id and size to it (recorded in the result). */
  let probed: RuntimeInfo | undefined
  const recordImage = async (name: string) => {
    const inspected = await docker.getImage(name).inspect()
    if (probed) Object.assign(probed.details, { image: name, imageId: inspected.Id, imageSizeBytes: inspected.Size })
  }
  /** The node and V8 versions inside the image: known from the binary it is built from, or asked of a foreign image. */
  const recordNodeVersion = async (ctx: RunContext) => {
    if (!probed || !options.image) return
    // Only recorded: an image whose node cannot answer fails its samples, with their reason.
    const version = await imageNodeVersion(docker, options.image, ctx.runId, ociRuntime).catch(() => undefined)
    if (version === undefined) return
    const [node = '', v8 = ''] = version.split(' ')
    Object.assign(probed.details, { node, v8 })
  }
  /** createContainer calls in flight: cleanup waits for them, so a container made late is not missed. */
  const creating = new Set<Promise<unknown>>()
  return {
    name,
    description: ociRuntime === 'runsc'
      ? 'a container per instance under gVisor (runsc: a user-space kernel between container and VM), hardened, same node binary'
      : ociRuntime === 'crun'
        ? 'a container per instance under crun (the C OCI runtime), hardened, same node binary'
        : 'a container per instance (Engine API; default OCI runtime), hardened, same node binary',
    async probe() {
      let info: { DefaultRuntime?: string; CgroupVersion?: string; Driver?: string; Runtimes?: Record<string, unknown> }
      let version: Awaited<ReturnType<Docker['version']>>
      try {
        await withTimeout(docker.ping(), PING_TIMEOUT_MS, 'no answer')
        version = await docker.version()
        info = (await docker.info()) as typeof info
      } catch (error) {
        const code = (error as { code?: string }).code
        const why = code ? `${code}` : error instanceof Error ? error.message : String(error)
        return { available: false, reason: `Docker daemon not reachable at ${dockerAddress()} (${why})`, fix: NO_DOCKER_FIX }
      }
      const registered = Object.keys(info.Runtimes ?? {})
      if (ociRuntime && !registered.includes(ociRuntime)) {
        return { available: false, reason: `the Docker daemon has no "${ociRuntime}" runtime (it has: ${registered.join(', ')})`, fix: REGISTER_FIX[ociRuntime] }
      }
      const isLocalDaemon = !process.env.DOCKER_HOST || process.env.DOCKER_HOST.startsWith('unix://')
      if (ociRuntime === 'crun' && isLocalDaemon) {
        const problem = crunCgroupProblem(await readFile('/proc/self/mountinfo', 'utf8').catch(() => ''))
        if (problem) return { available: false, reason: problem, fix: HUGETLB_FIX }
      }
      const oci = ociRuntime ?? info.DefaultRuntime ?? 'runc'
      let node = ''
      let v8 = ''
      if (!options.image) [node = '', v8 = ''] = (await nodeVersionOf(options.nodePath).catch(() => '')).split(' ')
      probed = {
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
    },
    async prepare(ctx: RunContext) {
      if (options.image) {
        try {
          await recordImage(options.image)
        } catch {
          throw new Error(`image ${options.image} is not on this machine; load it (docker load / docker pull) or drop --image to use the local node image`)
        }
        await recordNodeVersion(ctx)
        return
      }
      const [nodeVersion] = (await nodeVersionOf(options.nodePath)).split(' ')
      const tag = imageTagFor(nodeVersion!)
      try {
        await docker.getImage(tag).inspect()
      } catch {
        ctx.log(`building image ${tag} from ${options.nodePath} (first use; once)`)
        await buildNodeImage(docker, options.nodePath, tag)
      }
      image = tag
      await recordImage(tag)
    },
    async cleanup(runId: string) {
      await Promise.allSettled([...creating])
      await removeLabelledContainers(docker, runId)
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      if (!image) throw new Error(`${name} runtime used before prepare()`)
      const t0 = ctx.now()
      const { limits } = ctx
      const memoryBytes = instanceMemoryBytes(limits) ?? 0 // 0: no limit
      const pidsLimit = instancePidsLimit(limits)
      const create = docker.createContainer({
        Image: image,
        Cmd: ['node', ...workloadNodeFlags(limits), '/isobench/bootstrap.mjs', '/isobench/workload.js'],
        Env: Object.entries(workloadEnv(limits)).map(([key, value]) => `${key}=${value}`),
        WorkingDir: '/',
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        OpenStdin: true,
        StdinOnce: false,
        Tty: false,
        Labels: { [LABEL]: ctx.runId },
        HostConfig: {
          NetworkMode: isRelaxed(limits, 'network') ? 'default' : 'none',
          ReadonlyRootfs: !isRelaxed(limits, 'readonly'),
          CapDrop: isRelaxed(limits, 'caps') ? [] : ['ALL'],
          SecurityOpt: isRelaxed(limits, 'caps') ? [] : ['no-new-privileges'],
          ...(ociRuntime ? { Runtime: ociRuntime } : {}),
          // -1: unlimited; runsc counts its own threads against the limit, so it gets headroom
          PidsLimit: pidsLimit === undefined ? -1 : pidsLimit + (ociRuntime === 'runsc' ? runscPidsHeadroom() : 0),
          Memory: memoryBytes,
          MemorySwap: memoryBytes,
          NanoCpus: ctx.limits.cpus > 0 ? Math.round(ctx.limits.cpus * 1e9) : 0,
          Init: true,
          Binds: [`${BOOTSTRAP_PATH}:/isobench/bootstrap.mjs:ro`, `${BOOTSTRAP_PROTOCOL_PATH}:/isobench/protocol.mjs:ro`, `${workload.path}:/isobench/workload.js:ro`],
        },
      })
      creating.add(create)
      const container = await create.catch((error) => Promise.reject(explainDaemonError(error))).finally(() => creating.delete(create))
      let stopped = false
      let stream: NodeJS.ReadWriteStream | undefined
      const stop = async () => {
        if (stopped) return
        stopped = true
        ;(stream as unknown as { destroy?: () => void } | undefined)?.destroy?.()
        await container.remove({ force: true }).catch(() => {})
      }
      try {
        const tCreate = ctx.now()
        stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })
        const stdout = new PassThrough()
        const stderr = new PassThrough()
        docker.modem.demuxStream(stream, stdout, stderr)
        const channel = openChannel(stdout, stream as unknown as NodeJS.WritableStream & import('node:stream').Writable, tailOf(stderr), { closeOnEnd: false })
        let ended = false
        const onEnd = () => {
          if (ended) return
          ended = true
          stdout.end()
          // Say how the container ended (the OOM killer leaves no message of its own).
          void container.wait({ condition: 'not-running' }).then(
            () => container.inspect().then((info) => {
              const state = info.State as { OOMKilled?: boolean; ExitCode?: number }
              return state.OOMKilled ? 'the container was killed: out of memory (its memory limit)' : `the container exited (code ${state.ExitCode})`
            }),
            () => 'the container is gone',
          ).catch(() => 'the container is gone').then((reason) => channel.close(reason))
        }
        // A removed container may close or break the hijacked stream without an 'end'.
        stream.on('end', onEnd)
        stream.on('close', onEnd)
        stream.on('error', onEnd)
        const tAttach = ctx.now()
        // A start can hang for good (runsc under too low a pids limit did): bounded like the rest.
        await withTimeout(container.start(), ctx.limits.timeoutMs, `the container did not start within ${ctx.limits.timeoutMs} ms (timeout)`)
        const tStart = ctx.now()
        await readyWithin(channel, ctx.limits.timeoutMs)
        const tReady = ctx.now()
        let pid: number | undefined
        return {
          startPhases: [
            { name: 'create', ms: tCreate - t0 },
            { name: 'attach', ms: tAttach - tCreate },
            { name: 'start', ms: tStart - tAttach },
            { name: 'ready', ms: tReady - tStart },
          ],
          invoke: (input) => channel.request('invoke', input, ctx.limits.timeoutMs),
          async memory(): Promise<MemoryReading> {
            pid ??= ((await container.inspect()).State as { Pid: number }).Pid
            const [cgroupBytes, usage, shim] = await Promise.all([
              readCgroupMemoryBytes(pid, cgroupVersion()),
              bootstrapUsage(channel, ctx.limits.timeoutMs),
              shimOf(pid, container.id),
            ])
            // Process view: the shim exists for this container alone, so the instance owns its whole
            // tree: runc/crun: shim → init → node; runsc: shim → gofer and sandbox (siblings of each other).
            const [summed, shimMemory] = await Promise.all([
              processTree(shim ?? pid).then(sumProcessMemory),
              shim ? sumProcessMemory([shim]) : undefined,
            ])
            return {
              rssBytes: summed.rssBytes,
              pssBytes: summed.pssBytes,
              cgroupBytes,
              heapBytes: usage.heapUsed,
              externalBytes: usage.external,
              shimRssBytes: shimMemory?.rssBytes,
              shimPssBytes: shimMemory?.pssBytes,
            }
          },
          stop,
        }
      } catch (error) {
        await stop()
        throw explainDaemonError(error)
      }
    },
  }
}
