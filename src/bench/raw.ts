/**
 * The bench's raw loops for isolate, process and docker: the same cold start as the adapters
 * (start, ready, one request, its answer), written by hand without isobench's adapters. Each
 * returns the cold start in ms, timed from just before the first call to the answer read.
 *   isolate: raw isolated-vm: Isolate + context + compile/instantiate/evaluate the module + call the handler
 *            through the same output check every runtime runs before an answer leaves (output-check.ts),
 *            or (`checked: false`) the handler alone, so the bench can say what the check costs
 *   process: raw child_process.spawn of the same bootstrap, hardened as the adapter is (its own cgroup
 *            with the same limits, nobody when root, answers on fd 3); hello, ready line, one request, its answer
 *   docker:  raw dockerode: create + attach + start + hello + ready line + one request + its answer (remove untimed)
 * Every loop speaks the bootstrap's protocol as it stands (a hello with a fresh nonce first; every
 * line out `[nonce, message]`), so a protocol change that a raw loop misses fails here, not hangs.
 * The cgroup is made with the same host call the adapter uses: it is the OS's work, not the harness's.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, chownSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, type Readable } from 'node:stream'
import Docker from 'dockerode'
import ivm from 'isolated-vm'
import { BOOTSTRAP_PATH, CHECKED_CALL_SOURCE, enterFirst, inputJson, childCgroupLimits, childUser, containerUser, createChildCgroup, instanceMemoryBytes, instancePidsLimit, workloadEnv, workloadNodeFlags, type Clock, type Limits, type Workload } from './api.js'

/** What every raw loop needs: the clock, the workload, its input and the limits. */
export interface RawSetup {
  now: Clock
  workload: Workload
  input: unknown
  limits: Limits
  runId: string
}

/** One hand-written cold start; resolves to its duration in ms. */
export type RawLoop = () => Promise<number>

/** Resolves each complete line of a readable, one at a time. */
export function lineReader(stream: Readable): () => Promise<string> {
  let buffer = ''
  const waiting: ((line: string) => void)[] = []
  const lines: string[] = []
  stream.on('data', (chunk: Buffer | string) => {
    buffer += chunk.toString()
    let newline
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline)
      buffer = buffer.slice(newline + 1)
      const next = waiting.shift()
      if (next) next(line)
      else lines.push(line)
    }
  })
  return () => (lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise((r) => waiting.push(r)))
}

/** Throws unless the hello workload's answer came back. */
export function expectHello(runtime: string, answer: string): void {
  if (!answer.includes('hello, isobench')) throw new Error(`raw ${runtime} answered ${answer}`)
}

/** A fresh nonce and the bootstrap's first stdin line carrying it (with the channel and the source). */
export function helloLine(channel: 'fd3' | 'stdout', source: string): { nonce: string; line: string } {
  const nonce = randomBytes(16).toString('hex')
  return { nonce, line: JSON.stringify({ nonce, channel, source }) + '\n' }
}

/** Throws unless `line` is the bootstrap's ready message under `nonce`. */
export function expectReady(runtime: string, line: string, nonce: string): void {
  if (!line.startsWith(`["${nonce}",{"ready":true`)) throw new Error(`raw ${runtime}: expected its ready line, got ${line.slice(0, 200)}`)
}

/** The bootstrap's exchange: hello, its ready line, one invoke, its answer (checked); resolves when the answer is read. */
export async function bootstrapExchange(runtime: string, write: (text: string) => void, next: () => Promise<string>, channel: 'fd3' | 'stdout', setup: RawSetup): Promise<void> {
  const { nonce, line } = helloLine(channel, setup.workload.source)
  write(line)
  expectReady(runtime, await next(), nonce)
  write(JSON.stringify({ id: 1, op: 'invoke', input: setup.input }) + '\n')
  expectHello(runtime, await next())
}

/** The checked call (output-check.ts) bound to a handler in a context: (inputJson, maxBytes) → the answer's JSON text. */
const BIND_CHECKED = `(() => { const call = ${CHECKED_CALL_SOURCE}; return (handler) => (inputJson, maxBytes) => call(handler, inputJson, maxBytes) })()`

/** Raw isolated-vm: a new isolate and context, the module compiled, instantiated and evaluated, one call (checked, unless `checked` is false). */
export function rawIsolate({ now, workload, input, limits }: RawSetup, checked = true): RawLoop {
  return async () => {
    const t0 = now()
    const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb })
    const context = isolate.createContextSync()
    const module = isolate.compileModuleSync(workload.source, { filename: 'file:///hello.js' })
    module.instantiateSync(context, () => {
      throw new Error('no imports')
    })
    module.evaluateSync()
    const handler = module.namespace.getSync('default', { reference: true }) as ivm.Reference<(input: unknown) => unknown>
    let output: { length?: number }
    if (checked) {
      const bind = context.evalSync(BIND_CHECKED, { reference: true }) as ivm.Reference<(handler: unknown) => unknown>
      const call = bind.applySync(undefined, [handler.derefInto()], { result: { reference: true } }) as ivm.Reference<(json: string, max: number) => string>
      output = JSON.parse((await call.apply(undefined, [inputJson(input), 1024 * 1024], { result: { promise: true, copy: true } })) as string) as { length?: number }
    } else output = (await handler.apply(undefined, [input], { arguments: { copy: true }, result: { promise: true, copy: true } })) as { length?: number }
    const ms = now() - t0
    if (output.length !== 8) throw new Error('raw isolate answered wrong')
    context.release()
    isolate.dispose()
    return ms
  }
}

const rawDirs: string[] = []

/** Removes every directory rawOwnedDir made (the bench calls it when it ends, and at exit). */
export function removeRawDirs(): void {
  for (const dir of rawDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}
process.once('exit', removeRawDirs)

/** A directory the raw loops' children may own (nobody's when root), removed by removeRawDirs. */
export function rawOwnedDir(name: string, limits: Limits): string {
  const dir = mkdtempSync(join(tmpdir(), `isobench-bench-${name}-`))
  rawDirs.push(dir)
  const user = childUser(limits)
  if (user) chownSync(dir, user.uid, user.gid)
  return dir
}

/** A child hardened by hand as the adapters harden theirs: a cgroup of its own with the instance's limits, nobody when root. */
export interface RawChild {
  child: ChildProcess
  /** SIGKILLs it, waits until it is gone and removes its cgroup. */
  end(): Promise<void>
}

let rawSerial = 0

/** Spawns `file` in a fresh cgroup (the same host call the adapters use), as nobody when root; resolves once it started. */
export async function rawChild(setup: RawSetup, file: string, args: string[], options: { env: Record<string, string>; cwd: string; stdio: StdioOptions; pidsHeadroom?: number }): Promise<RawChild> {
  const cgroup = await createChildCgroup(`isobench-${setup.runId}-raw-${++rawSerial}`, childCgroupLimits(setup.limits, options.pidsHeadroom))
  // Entered before it starts, as the adapter's child is (host/child.ts: enterFirst).
  const command = enterFirst({ file, args, user: childUser(setup.limits) }, cgroup)
  const child = spawn(command.file, command.args, { env: options.env, cwd: options.cwd, stdio: options.stdio, ...command.user })
  const closed = new Promise((r) => child.once('close', r))
  const end = async () => {
    child.kill('SIGKILL')
    await closed
    await cgroup?.remove()
  }
  try {
    await new Promise<void>((resolve, reject) => child.once('spawn', resolve).once('error', reject))
    if (!command.entersBefore) await cgroup?.add(child.pid!)
  } catch (error) {
    await end()
    throw error
  }
  return { child, end }
}

/** Raw child_process.spawn of the bootstrap, hardened as the adapter is: hello, ready line, one request, its answer; SIGKILL untimed. */
export function rawProcess(setup: RawSetup): RawLoop {
  const { now, workload, limits } = setup
  const cwd = rawOwnedDir('process', limits)
  return async () => {
    const t0 = now()
    const { child, end } = await rawChild(setup, process.execPath, [...workloadNodeFlags(limits), BOOTSTRAP_PATH, workload.path], { env: workloadEnv(limits), cwd, stdio: ['pipe', 'ignore', 'ignore', 'pipe'] })
    try {
      await bootstrapExchange('process', (text) => child.stdin!.write(text), lineReader(child.stdio[3] as Readable), 'fd3', setup)
      return now() - t0
    } finally {
      await end()
    }
  }
}

/** The hardened container the docker adapter creates, as a raw Engine API body. */
function containerSpec(image: string, { limits, runId }: RawSetup): Docker.ContainerCreateOptions {
  const memory = instanceMemoryBytes(limits)
  const user = containerUser(limits)
  return {
    Image: image,
    Cmd: ['node', ...workloadNodeFlags(limits), '/isobench/bootstrap.mjs', '/isobench/workload.js'],
    Env: Object.entries(workloadEnv(limits)).map(([k, v]) => `${k}=${v}`),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    ...(user ? { User: user } : {}),
    Labels: { isobench: runId },
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      PidsLimit: instancePidsLimit(limits),
      Memory: memory,
      MemorySwap: memory,
      Init: true,
      LogConfig: { Type: 'none', Config: {} },
    },
  }
}

/** Raw dockerode: create, attach, start, ready line, one request, its answer; remove untimed. `image()` is the workload's layer image the adapter made. */
export function rawDocker(setup: RawSetup, docker: Docker, image: () => string): RawLoop {
  return async () => {
    const t0 = setup.now()
    const container = await docker.createContainer(containerSpec(image(), setup))
    try {
      const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })
      const stdout = new PassThrough()
      docker.modem.demuxStream(stream, stdout, new PassThrough())
      const next = lineReader(stdout)
      await container.start()
      await bootstrapExchange('docker', (text) => stream.write(text), next, 'stdout', setup)
      const ms = setup.now() - t0
      ;(stream as unknown as { destroy(): void }).destroy()
      return ms
    } finally {
      await container.remove({ force: true })
    }
  }
}
