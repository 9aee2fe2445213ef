// Raw loops for npm run bench (scripts/bench.js): the platform runtimes' cold start written by hand,
// without isobench's adapters, so `overhead <runtime>` says what the adapter adds.
//   workerd: write the worker + config, spawn `workerd serve --control-fd=3`, read the port, POST once
//   deno:    spawn `deno run` with the bootstrap, send the source line and one request, read the answer
//   wasm:    instantiate QuickJS from the precompiled module, new runtime + context, evaluate, call
// Each returns the cold start in ms; undefined from `platformRawLoops` entries means not installed.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The raw loops, keyed by runtime name; `dist(path)` imports isobench's build (for shared strings and lookups), `lineReader` is bench.js's. */
export async function platformRawLoops({ dist, now, workload, input, limits, lineReader }) {
  const { WORKLOAD_ENV } = await dist('host/env.js')
  const { locateBinary } = await dist('host/locate.js')
  const { WORKERD_BINARY } = await dist('runtimes/workerd/index.js')
  const { DENO_BINARY, denoRunArgs } = await dist('runtimes/deno/index.js')
  const config = await dist('runtimes/workerd/config.js')
  const denoDir = mkdtempSync(join(tmpdir(), 'isobench-bench-deno-'))
  process.once('exit', () => rmSync(denoDir, { recursive: true, force: true }))

  const firstLine = (stream) =>
    new Promise((resolve) => {
      let buffer = ''
      stream.on('data', (chunk) => {
        buffer += chunk
        if (buffer.includes('\n')) resolve(buffer.slice(0, buffer.indexOf('\n')))
      })
    })
  const killed = (child) => {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGKILL')
    return exited
  }

  async function rawWorkerd() {
    const binary = locateBinary(WORKERD_BINARY).path
    const t0 = now()
    const dir = mkdtempSync(join(tmpdir(), 'isobench-bench-workerd-'))
    writeFileSync(join(dir, config.WORKLOAD_MODULE), workload.source)
    writeFileSync(join(dir, config.WORKER_MODULE), config.WORKER_SOURCE)
    writeFileSync(join(dir, config.CONFIG_FILE), config.workerdConfig({ memoryMb: limits.memoryMb }))
    const child = spawn(binary, ['serve', config.CONFIG_FILE, '--control-fd=3'], { cwd: dir, env: WORKLOAD_ENV, stdio: ['ignore', 'ignore', 'ignore', 'pipe'] })
    const port = JSON.parse(await firstLine(child.stdio[3])).port
    const answer = await new Promise((resolve, reject) => {
      const body = JSON.stringify(input)
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve(text))
      })
      req.on('error', reject)
      req.end(body)
    })
    const ms = now() - t0
    await killed(child)
    rmSync(dir, { recursive: true, force: true })
    if (!answer.includes('hello, isobench')) throw new Error(`raw workerd answered ${answer}`)
    return ms
  }

  async function rawDeno() {
    const binary = locateBinary(DENO_BINARY).path
    const t0 = now()
    const child = spawn(binary, denoRunArgs(limits.memoryMb), { env: { ...WORKLOAD_ENV, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'ignore'] })
    const next = lineReader(child.stdout)
    child.stdin.write(JSON.stringify({ source: workload.source }) + '\n')
    await next() // {"ready":true}
    child.stdin.write(JSON.stringify({ id: 1, op: 'invoke', input }) + '\n')
    const answer = await next()
    const ms = now() - t0
    await killed(child)
    if (!answer.includes('hello, isobench')) throw new Error(`raw deno answered ${answer}`)
    return ms
  }

  let quickjs
  async function rawWasm() {
    if (!quickjs) {
      const library = await import('quickjs-emscripten')
      const require = createRequire(createRequire(import.meta.url).resolve('quickjs-emscripten/package.json'))
      const wasmModule = await WebAssembly.compile(await readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')))
      quickjs = { library, wasmModule }
    }
    const { library, wasmModule } = quickjs
    const t0 = now()
    const wasmMemory = new WebAssembly.Memory({ initial: 256, maximum: Math.max(256, (limits.memoryMb * 1024 * 1024) / 65536) })
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
    if (!answer.includes('hello, isobench')) throw new Error(`raw wasm answered ${answer}`)
    return ms
  }

  return { workerd: rawWorkerd, deno: rawDeno, wasm: rawWasm }
}
