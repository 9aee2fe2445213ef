/**
 * Fair conditions: every child the harness starts (a workload's node, deno or workerd, a version
 * probe, ldd, tar) gets exactly this environment unless the run relaxed `env`. The host's variables
 * never reach a workload, and no child gets --no-node-snapshot (only the process hosting isolates needs it).
 */
export const WORKLOAD_ENV: Readonly<Record<string, string>> = Object.freeze({ PATH: '/usr/local/bin:/usr/bin:/bin' })
