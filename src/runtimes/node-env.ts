import { fileURLToPath } from 'node:url'

/**
 * Fair conditions: every runtime that starts a `node` gets exactly this environment and these flags.
 * The host's variables never reach a workload (NODE_EXTRA_CA_CERTS alone doubles Node's start-up),
 * and no child gets --no-node-snapshot (only the process hosting isolates needs it).
 */
export const WORKLOAD_ENV: Readonly<Record<string, string>> = Object.freeze({ PATH: '/usr/local/bin:/usr/bin:/bin' })

/** Absolute path of the bootstrap that runs a workload in a plain node. */
export const BOOTSTRAP_PATH = fileURLToPath(new URL('./bootstrap.mjs', import.meta.url))

/** Absolute path of the protocol module every bootstrap imports (bind it beside the bootstrap). */
export const BOOTSTRAP_PROTOCOL_PATH = fileURLToPath(new URL('./protocol.mjs', import.meta.url))
