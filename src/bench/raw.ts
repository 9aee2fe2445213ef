/**
 * The bench's raw loops for isolate, process and docker: the same cold start as the adapters
 * (start, ready, one request, its answer), written by hand without isobench's adapters. Each
 * returns the cold start in ms, timed from just before the first call to the answer read.
 *   isolate: raw isolated-vm: Isolate + context + compile/instantiate/evaluate the module + call the handler
 *   process: raw child_process.spawn of the same bootstrap; first stdout line (ready), one request, its answer
 *   docker:  raw dockerode: create + attach + start + ready line + one request + its answer (remove untimed)
 */
import { spawn } from 'node:child_process'
import { PassThrough, type Readable } from 'node:stream'
import Docker from 'dockerode'
import ivm from 'isolated-vm'
import { BOOTSTRAP_PATH, instanceMemoryBytes, instancePidsLimit, workloadEnv, workloadNodeFlags, type Clock, type Limits, type Workload } from './api.js'

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

/** Raw isolated-vm: a new isolate and context, the module compiled, instantiated and evaluated, one call. */
export function rawIsolate({ now, workload, input, limits }: RawSetup): RawLoop {
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
    const output = (await handler.apply(undefined, [input], { arguments: { copy: true }, result: { promise: true, copy: true } })) as { length?: number }
    const ms = now() - t0
    if (output.length !== 8) throw new Error('raw isolate answered wrong')
    context.release()
    isolate.dispose()
    return ms
  }
}

/** Raw child_process.spawn of the bootstrap: ready line, one request, its answer; SIGKILL untimed. */
export function rawProcess({ now, workload, input, limits }: RawSetup): RawLoop {
  return async () => {
    const t0 = now()
    const child = spawn(process.execPath, [...workloadNodeFlags(limits), BOOTSTRAP_PATH, workload.path], {
      env: workloadEnv(limits),
      stdio: ['pipe', 'pipe', 'ignore'],
    })
    const next = lineReader(child.stdout)
    await next() // {"ready":true}
    child.stdin.write(JSON.stringify({ id: 1, op: 'invoke', input }) + '\n')
    const answer = await next()
    const ms = now() - t0
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGKILL')
    await exited
    expectHello('process', answer)
    return ms
  }
}

/** The hardened container the docker adapter creates, as a raw Engine API body. */
function containerSpec(image: string, { limits, runId }: RawSetup): Docker.ContainerCreateOptions {
  const memory = instanceMemoryBytes(limits)
  return {
    Image: image,
    Cmd: ['node', ...workloadNodeFlags(limits), '/isobench/bootstrap.mjs', '/isobench/workload.js'],
    Env: Object.entries(workloadEnv(limits)).map(([k, v]) => `${k}=${v}`),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
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
    },
  }
}

/** Raw dockerode: create, attach, start, ready line, one request, its answer; remove untimed. `image()` is the workload's layer image the adapter made. */
export function rawDocker(setup: RawSetup, docker: Docker, image: () => string): RawLoop {
  return async () => {
    const t0 = setup.now()
    const container = await docker.createContainer(containerSpec(image(), setup))
    const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })
    const stdout = new PassThrough()
    docker.modem.demuxStream(stream, stdout, new PassThrough())
    const next = lineReader(stdout)
    await container.start()
    await next()
    stream.write(JSON.stringify({ id: 1, op: 'invoke', input: setup.input }) + '\n')
    const answer = await next()
    const ms = setup.now() - t0
    ;(stream as unknown as { destroy(): void }).destroy()
    await container.remove({ force: true })
    expectHello('docker', answer)
    return ms
  }
}
