import { createDockerRuntime } from './docker.js'
import { createIsolateRuntime } from './isolate.js'
import type { RuntimeFactory } from './options.js'
import { createProcessRuntime } from './process.js'

/** Every runtime isobench knows, in table order. Adding one: one file, one line here. */
export const RUNTIMES = {
  docker: createDockerRuntime,
  process: createProcessRuntime,
  isolate: createIsolateRuntime,
} as const satisfies Record<string, RuntimeFactory>

export type RuntimeName = keyof typeof RUNTIMES
export const RUNTIME_NAMES = Object.keys(RUNTIMES) as RuntimeName[]
