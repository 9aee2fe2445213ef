/** Where the node bootstrap and its protocol module sit on disk (bound side by side into containers). */
import { fileURLToPath } from 'node:url'

/** Absolute path of the bootstrap that runs a workload in a plain node (process, docker, worker). */
export const BOOTSTRAP_PATH = fileURLToPath(new URL('./bootstrap.mjs', import.meta.url))

/** Absolute path of the protocol module every bootstrap imports (bind it beside the bootstrap). */
export const BOOTSTRAP_PROTOCOL_PATH = fileURLToPath(new URL('./protocol.mjs', import.meta.url))
