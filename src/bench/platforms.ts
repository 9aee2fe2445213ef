/**
 * The bench's raw loops for the platform runtimes, without isobench's adapters, so
 * `overhead <runtime>` says what the adapter adds. Each returns the cold start in ms.
 *   workerd: write the worker + config, spawn `workerd serve --control-fd=3`, read the port, POST once
 *   deno:    spawn `deno run` with the bootstrap, send the hello (nonce, source) and one request, read the answer
 * workerd and deno children are hardened by hand as the adapters harden theirs (raw.ts: rawChild).
 *   wasm:    instantiate QuickJS from the precompiled module, new runtime + context, evaluate, call
 */
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { childUser, CONFIG_FILE, DENO_BINARY, denoRunArgs, locateBinary, runtimeThreadsHeadroom, WORKER_MODULE, workerSource, WORKERD_BINARY, workerdConfig, WORKLOAD_MODULE, workloadEnv } from './api.js'
import { bootstrapExchange, expectHello, lineReader, rawChild, rawOwnedDir, type RawLoop, type RawSetup } from './raw.js'

type QuickJsLibrary = typeof import('quickjs-emscripten')
type VariantOptions = Parameters<QuickJsLibrary['newVariant']>[1]
/** Node's WebAssembly global (its types live in lib.dom, which a Node project does not load). */
const wasm = (globalThis as unknown as {
  WebAssembly: {
    compile(bytes: Uint8Array): Promise<NonNullable<VariantOptions['wasmModule']>>
    Memory: new (descriptor: { initial: number; maximum: number }) => NonNullable<VariantOptions['wasmMemory']>
  }
}).WebAssembly

function firstLine(stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    let buffer = ''
    stream.on('data', (chunk) => {
      buffer += chunk
      if (buffer.includes('\n')) resolve(buffer.slice(0, buffer.indexOf('\n')))
    })
  })
}

function binaryPath(spec: Parameters<typeof locateBinary>[0]): string {
  const found = locateBinary(spec)
  if (!found) throw new Error(`${spec.wrapper} is not installed; ${spec.installHint}`)
  return found.path
}

function post(port: number, input: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(input)
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve(text))
    })
    req.on('error', reject)
    req.end(body)
  })
}

function rawWorkerd(setup: RawSetup): RawLoop {
  const { now, workload, input, limits } = setup
  return async () => {
    const binary = binaryPath(WORKERD_BINARY)
    const t0 = now()
    const dir = mkdtempSync(join(tmpdir(), 'isobench-bench-workerd-'))
    try {
      writeFileSync(join(dir, WORKLOAD_MODULE), workload.source)
      writeFileSync(join(dir, WORKER_MODULE), workerSource(1024 * 1024))
      writeFileSync(join(dir, CONFIG_FILE), workerdConfig({ memoryMb: limits.memoryMb }))
      const user = childUser(limits)
      if (user) chownSync(dir, user.uid, user.gid)
      const { child, end } = await rawChild(setup, binary, ['serve', CONFIG_FILE, '--control-fd=3'], { cwd: dir, env: workloadEnv(limits), stdio: ['ignore', 'ignore', 'ignore', 'pipe'], pidsHeadroom: runtimeThreadsHeadroom() })
      try {
        const port = JSON.parse(await firstLine(child.stdio[3] as Readable)).port as number
        const answer = await post(port, input)
        const ms = now() - t0
        expectHello('workerd', answer)
        return ms
      } finally {
        await end()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

function rawDeno(setup: RawSetup, denoDir: string): RawLoop {
  const { now, limits } = setup
  const cwd = rawOwnedDir('deno-cwd', limits)
  return async () => {
    const binary = binaryPath(DENO_BINARY)
    const t0 = now()
    const env = { ...workloadEnv(limits), DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }
    const { child, end } = await rawChild(setup, binary, denoRunArgs(limits.memoryMb, 'bench-raw'), { env, cwd, stdio: ['pipe', 'pipe', 'ignore'], pidsHeadroom: runtimeThreadsHeadroom() })
    try {
      await bootstrapExchange('deno', (text) => child.stdin!.write(text), lineReader(child.stdout!), 'stdout', setup)
      return now() - t0
    } finally {
      await end()
    }
  }
}

async function loadQuickJs(): Promise<{ library: QuickJsLibrary; wasmModule: NonNullable<VariantOptions['wasmModule']> }> {
  const library = await import('quickjs-emscripten')
  const require = createRequire(createRequire(import.meta.url).resolve('quickjs-emscripten/package.json'))
  const wasmModule = await wasm.compile(await readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')))
  return { library, wasmModule }
}

function rawWasm({ now, workload, input, limits }: RawSetup): RawLoop {
  let quickjs: ReturnType<typeof loadQuickJs> | undefined
  return async () => {
    const { library, wasmModule } = await (quickjs ??= loadQuickJs())
    const t0 = now()
    const wasmMemory = new wasm.Memory({ initial: 256, maximum: Math.max(256, (limits.memoryMb * 1024 * 1024) / 65536) })
    const module = await library.newQuickJSWASMModule(library.newVariant(library.RELEASE_SYNC, { wasmModule, wasmMemory }))
    const runtime = module.newRuntime()
    const context = runtime.newContext()
    const namespace = context.unwrapResult(context.evalCode(workload.source, 'workload.js', { type: 'module' }))
    const handler = context.getProp(namespace, 'default')
    const call = context.unwrapResult(context.evalCode(`(handler) => JSON.stringify(handler(${JSON.stringify(input)}))`))
    const output = context.unwrapResult(context.callFunction(call, context.undefined, handler))
    const answer = context.getString(output)
    const ms = now() - t0
    for (const handle of [output, call, handler, namespace]) handle.dispose()
    context.dispose()
    runtime.dispose()
    expectHello('wasm', answer)
    return ms
  }
}

/** The platform raw loops, keyed by runtime name; the deno cache dir goes when the process exits. */
export function platformRawLoops(setup: RawSetup): Record<'workerd' | 'deno' | 'wasm', RawLoop> {
  const denoDir = rawOwnedDir('deno', setup.limits)
  return { workerd: rawWorkerd(setup), deno: rawDeno(setup, denoDir), wasm: rawWasm(setup) }
}
