/**
 * One docker instance: a hardened container running the node bootstrap, labelled `isobench=<run id>`,
 * as nobody (65534:65534) with the `none` log driver. The bootstrap answers on the container's
 * stdout with the nonce of its hello (sent once the container started), the workload's own stdout
 * and console going to stderr (bootstrap/channel.ts).
 * The clock starts before createContainer and stops when the bootstrap inside says it loaded the
 * workload: create (createContainer) → attach (stdio hijack) → start (the start call returns) →
 * ready. The first response is timed by the caller. Stop removes the container (forced).
 */
import { PassThrough, type Writable } from 'node:stream'
import type Docker from 'dockerode'
import { withTimeout } from '../../host/timeout.js'
import { bootstrapTimes, NODE_BOOTSTRAP_CLOCK, openChannel, readyPhases, readyWithin, tailOf, type LineChannel } from '../bootstrap/channel.js'
import { containerLogDriver, containerUser, instanceMemoryBytes, instancePidsLimit, isRelaxed, workloadEnv, workloadNodeFlags } from '../hardening.js'
import { maxOutputOf, type Instance, type Limits, type RunContext, type Workload } from '../types.js'
import type { DockerEndpoint } from './connect.js'
import { explainDaemonError, LABEL } from './daemon.js'
import { containerMemory } from './memory.js'
import { runscPidsHeadroom, type OciRuntime } from './oci.js'

/**
 * The createContainer options of one instance: hardened as a careful operator would run it (pure).
 * `image` is the workload's layer image (layer.ts): the bootstrap and workload are in /isobench.
 */
export function containerOptions(image: string, limits: Limits, runId: string, ociRuntime?: OciRuntime): Docker.ContainerCreateOptions {
  const memoryBytes = instanceMemoryBytes(limits) ?? 0 // 0: no limit
  const pidsLimit = instancePidsLimit(limits)
  const user = containerUser(limits)
  const logDriver = containerLogDriver(limits)
  return {
    Image: image,
    Cmd: ['node', ...workloadNodeFlags(limits), '/isobench/bootstrap.mjs', '/isobench/workload.js'],
    Env: Object.entries(workloadEnv(limits)).map(([key, value]) => `${key}=${value}`),
    WorkingDir: '/',
    ...(user ? { User: user } : {}),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: false,
    Tty: false,
    Labels: { [LABEL]: runId },
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
      NanoCpus: limits.cpus > 0 ? Math.round(limits.cpus * 1e9) : 0,
      // cgroupfs driver: an absolute path from each hierarchy's root (host/cgroup-budget.ts)
      ...(limits.budgetGroup ? { CgroupParent: `/${limits.budgetGroup}` } : {}),
      Init: true,
      ...(logDriver ? { LogConfig: { Type: logDriver, Config: {} } } : {}),
    },
  }
}

/** How the container ended, once its stream closed (the OOM killer leaves no message of its own). */
async function endReason(container: Docker.Container): Promise<string> {
  return container.wait({ condition: 'not-running' }).then(
    () => container.inspect().then((info) => {
      const state = info.State as { OOMKilled?: boolean; ExitCode?: number }
      // In a budget group (CgroupParent) the kill may be the budget's: docker marks the container OOM-killed either way.
      const whose = (info.HostConfig as { CgroupParent?: string } | undefined)?.CgroupParent ? "its memory limit or its budget group's" : 'its memory limit'
      return state.OOMKilled ? `the container was killed: out of memory (${whose})` : `the container exited (code ${state.ExitCode})`
    }),
    () => 'the container is gone',
  ).catch(() => 'the container is gone')
}

/** Attaches to the container's stdio and opens the bootstrap channel on it; the channel closes with how the container ended. */
async function attachChannel(docker: Docker, container: Docker.Container, limits: Limits): Promise<{ stream: NodeJS.ReadWriteStream; channel: LineChannel }> {
  const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  docker.modem.demuxStream(stream, stdout, stderr)
  const channel = openChannel(stdout, stream as unknown as Writable, tailOf(stderr), { closeOnEnd: false, maxOutputBytes: maxOutputOf(limits) })
  let ended = false
  const onEnd = () => {
    if (ended) return
    ended = true
    stdout.end()
    void endReason(container).then((reason) => channel.close(reason))
  }
  // A removed container may close or break the hijacked stream without an 'end'.
  stream.on('end', onEnd)
  stream.on('close', onEnd)
  stream.on('error', onEnd)
  return { stream, channel }
}

/** Creates, attaches and starts one container; resolves with the instance once the bootstrap is ready. */
export async function startContainer(docker: Docker, engine: DockerEndpoint, create: Promise<Docker.Container>, workload: Workload, ctx: RunContext, t0: number): Promise<Instance> {
  const container = await create.catch((error) => Promise.reject(explainDaemonError(error, engine.host)))
  let stopped = false
  let stream: NodeJS.ReadWriteStream | undefined
  const stop = async () => {
    if (stopped) return
    stopped = true
    ;(stream as unknown as { destroy?: () => void } | undefined)?.destroy?.()
    await container.remove({ force: true }).catch(() => {})
  }
  const { timeoutMs } = ctx.limits
  try {
    const tCreate = ctx.now()
    const attached = await attachChannel(docker, container, ctx.limits)
    stream = attached.stream
    const tAttach = ctx.now()
    await withTimeout(container.start(), timeoutMs, `the container did not start within ${timeoutMs} ms (timeout)`)
    const tStart = ctx.now()
    attached.channel.hello({ channel: 'stdout', source: workload.source })
    const report = await readyWithin(attached.channel, timeoutMs)
    const tReady = ctx.now()
    return {
      startPhases: [
        { name: 'create', ms: tCreate - t0 },
        { name: 'attach', ms: tAttach - tCreate },
        { name: 'start', ms: tStart - tAttach },
        ...readyPhases(tReady - tStart, report),
      ],
      invoke: (input, options) => attached.channel.request('invoke', input, timeoutMs * (options?.repeat ?? 1), options),
      repeats: true,
      sandboxTimes: bootstrapTimes(report, attached.channel, NODE_BOOTSTRAP_CLOCK.kind, NODE_BOOTSTRAP_CLOCK.source),
      memory: containerMemory(container, attached.channel, timeoutMs, engine.isLocal),
      stop,
    }
  } catch (error) {
    await stop()
    throw explainDaemonError(error, engine.host)
  }
}
