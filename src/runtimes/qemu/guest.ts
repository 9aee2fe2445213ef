/**
 * One qemu instance: a QEMU process booting the guest (image.ts) with the bootstrap's JSON-lines
 * channel on a virtio console port wired to QEMU's stdio, and the guest's serial console on a unix
 * socket the harness listens on. Start = spawn (QEMU process started) → kernel (the guest's first
 * serial output: its kernel, or its init's first line under `quiet`) → ready (the bootstrap in the
 * guest loaded the workload). The first response is timed by the caller. The workload's bytes go
 * in with the channel's first line (the hello, with the nonce), then the unchanged bootstrap protocol runs.
 * Memory = RSS/PSS of the QEMU process (the guest's RAM as the host sees it, plus QEMU itself),
 * with the guest's own view from the bootstrap (its node's RSS, heap and external memory).
 */
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { execa } from 'execa'
import { spawned } from '../../host/child.js'
import { WORKLOAD_ENV } from '../../host/env.js'
import { readProcessMemory, runMarker } from '../../host/proc.js'
import { makeTempDir, removeTempDir } from '../../temp.js'
import { bootstrapTimes, NODE_BOOTSTRAP_CLOCK, openChannel, readyWithin, summarizeStderr, type LineChannel } from '../bootstrap/channel.js'
import { workloadNodeFlags } from '../hardening.js'
import type { Instance, RunContext, Workload } from '../types.js'
import type { GuestImage } from './image.js'
import { GUEST_OVERHEAD_MB, guestVcpus, qemuArgs, type Accelerator, type MachineType } from './machine.js'

/** How guests are booted in this run (found by probe and prepare). */
export interface GuestConfig {
  qemuPath: string
  accel: Accelerator
  machine: MachineType
  kernelPath: string
  image: GuestImage
  /** The bound on a start (a boot under TCG takes seconds); requests keep --timeout. */
  startTimeoutMs: number
  /**
   * How long a boot may take before the guest counts as hung (below startTimeoutMs): a few times the
   * boot measured for this machine type. A TCG guest here now and then spins its vCPU at 100% and
   * never gets ready; it fails its start saying so, instead of holding the run for the whole bound.
   */
  hangAfterMs?: { ms: number; trialMs: number }
}

/** A start that failed because the guest hung at boot (for a caller that may boot again). */
export const HUNG_BOOT = /the guest hung at boot/

/** The serial console's socket: resolves the stream of what the guest prints, and when it first printed. */
async function listenConsole(path: string, now: () => number) {
  const output = new PassThrough()
  let firstOutputAt: number | undefined
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('data', (chunk: Buffer) => {
      firstOutputAt ??= now()
      output.write(chunk)
    })
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve))
  const close = () => {
    for (const socket of sockets) socket.destroy()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return { output, firstOutputAt: () => firstOutputAt, close }
}

/** Keeps the last characters of a stream (the guest's console, QEMU's stderr). */
function keepTail(stream: NodeJS.ReadableStream | null | undefined, maxChars = 4000): () => string {
  let tail = ''
  stream?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-maxChars)))
  return () => tail
}

/** The telling line of what QEMU and the guest printed: a guest kernel panic, else what a dying node says (summarizeStderr). */
export function guestWhy(text: string): string {
  return /Kernel panic - not syncing: .*/.exec(text)?.[0].trim() ?? summarizeStderr(text)
}

/** Spawns QEMU for one guest; the channel closes with how the process ended. */
function spawnQemu(config: GuestConfig, ctx: RunContext, consoleSocket: string, whyTail: () => string) {
  const args = qemuArgs({
    accel: config.accel, machine: config.machine, kernelPath: config.kernelPath,
    initrdPath: config.image.initrdPath, diskPath: config.image.diskPath,
    memoryMb: ctx.limits.memoryMb + GUEST_OVERHEAD_MB, vcpus: guestVcpus(ctx.limits.cpus),
    consoleSocket, kernelWords: [runMarker(ctx.runId)], nodeArgs: workloadNodeFlags(ctx.limits),
  })
  const child = execa(config.qemuPath, args, {
    env: WORKLOAD_ENV, extendEnv: false, stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', encoding: 'buffer',
    stripFinalNewline: false, buffer: false, reject: false, cleanup: true, forceKillAfterDelay: false,
  })
  child.stdin.on('error', () => {})
  const qemuStderr = keepTail(child.stderr)
  const channel: LineChannel = openChannel(child.stdout, child.stdin, () => guestWhy(`${qemuStderr()}\n${whyTail()}`), { closeOnEnd: false })
  const exited = new Promise<void>((resolve) => {
    child.once('close', (code, signal) => (channel.close(`the qemu guest ended (${signal ?? `code ${code}`})`), resolve()))
    child.once('error', (error) => (channel.close(`qemu could not run (${error.message})`), resolve()))
  })
  return { child, channel, exited }
}

/** Boots one guest running the workload and resolves once its bootstrap is ready. */
export async function startGuest(config: GuestConfig, workload: Workload, ctx: RunContext): Promise<Instance> {
  const t0 = ctx.now()
  const dir = makeTempDir(`isobench-qemu-${ctx.runId}-`)
  const guestConsole = await listenConsole(join(dir, 'console.sock'), ctx.now)
  const consoleTail = keepTail(guestConsole.output)
  const { child, channel, exited } = spawnQemu(config, ctx, join(dir, 'console.sock'), consoleTail)
  let stopped: Promise<void> | undefined
  const stop = () =>
    (stopped ??= (async () => {
      child.kill('SIGKILL')
      await exited
      await guestConsole.close()
      await removeTempDir(dir)
    })())
  try {
    channel.hello({ channel: 'stdout', source: workload.source })
    const pid = await spawned(child, config.startTimeoutMs, 'qemu')
    const tSpawn = ctx.now()
    const hang = config.hangAfterMs && config.hangAfterMs.ms < config.startTimeoutMs ? config.hangAfterMs : undefined
    // A guest that never gets ready says so, and what its console printed last (where its boot stopped).
    const report = await readyWithin(channel, hang?.ms ?? config.startTimeoutMs).catch((error: Error) => {
      if (!/\(timeout\)/.test(error.message)) throw error
      const last = consoleTail().trim().split('\n').slice(-2).join(' | ').slice(-300)
      const what = hang ? `the guest hung at boot: no ready within ${hang.ms} ms (${Math.round(hang.ms / hang.trialMs)}x its measured boot of ${hang.trialMs} ms; hung, or starved of CPU)` : error.message
      throw new Error(`${what}${last ? `; the guest console's last lines: ${last}` : '; the guest console printed nothing'}`)
    })
    const tReady = ctx.now()
    const tKernel = Math.min(guestConsole.firstOutputAt() ?? tReady, tReady)
    return {
      startPhases: [
        { name: 'spawn', ms: tSpawn - t0 },
        { name: 'kernel', ms: tKernel - tSpawn },
        { name: 'ready', ms: tReady - tKernel },
      ],
      invoke: (input) => channel.request('invoke', input, ctx.limits.timeoutMs),
      // The guest's node reads the guest kernel's clock: the skew check marks its sandbox phases unavailable.
      sandboxTimes: bootstrapTimes(report, channel, NODE_BOOTSTRAP_CLOCK.kind, 'process.hrtime.bigint() in the guest (the guest kernel\'s own CLOCK_MONOTONIC)'),
      async memory() {
        const host = await readProcessMemory(pid)
        const guest = (await channel.request('memory', null, ctx.limits.timeoutMs)) as { rss: number; heapUsed: number; external: number }
        return { rssBytes: host?.rssBytes, pssBytes: host?.pssBytes, guestRssBytes: guest.rss, heapBytes: guest.heapUsed, externalBytes: guest.external }
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
