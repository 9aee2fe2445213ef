import { createDenoRuntime } from './deno/index.js'
import { createDockerRuntime } from './docker/index.js'
import { createIsolateRuntime } from './isolate/index.js'
import type { RuntimeFactory } from './types.js'
import { createProcessRuntime } from './process.js'
import { createQemuRuntime } from './qemu/index.js'
import { createVmRuntime } from './vm.js'
import { createWorkerRuntime } from './worker.js'
import { createWasmRuntime, createWasmSharedRuntime } from './wasm/index.js'
import { createWorkerdRuntime } from './workerd/index.js'

/** Every runtime isobench knows, in table order (most isolated first). Adding one: one file or folder, one line here, one contract test. */
export const RUNTIMES = {
  qemu: createQemuRuntime,
  docker: createDockerRuntime,
  'docker:crun': (options) => createDockerRuntime(options, 'crun'),
  'docker:runsc': (options) => createDockerRuntime(options, 'runsc'),
  process: createProcessRuntime,
  worker: createWorkerRuntime,
  isolate: createIsolateRuntime,
  'isolate:context': (options) => createIsolateRuntime(options, 'context'),
  'isolate:snapshot': (options) => createIsolateRuntime(options, 'snapshot'),
  vm: createVmRuntime,
  workerd: createWorkerdRuntime,
  deno: createDenoRuntime,
  wasm: createWasmRuntime,
  'wasm:runtime': createWasmSharedRuntime,
} as const satisfies Record<string, RuntimeFactory>

export type RuntimeName = keyof typeof RUNTIMES
export const RUNTIME_NAMES = Object.keys(RUNTIMES) as RuntimeName[]
