/**
 * What the harness bench (src/bench/) takes from isobench, re-exported in one place: when a module
 * moves or a signature changes, the typecheck fails here or in the bench, and this is the file to fix.
 */
export { coldStartOnce } from '../measure/cold-start.js'
export { monotonicNow } from '../measure/clock.js'
export { RUNTIMES, RUNTIME_NAMES, type RuntimeName } from '../runtimes/index.js'
export type { Clock, Limits, RunContext, Runtime, Workload } from '../runtimes/types.js'
export { BOOTSTRAP_PATH } from '../runtimes/bootstrap/paths.js'
export { removeLabelledImages, workloadImageTag } from '../runtimes/docker/layer.js'
export { childCgroupLimits, childUser, containerUser, instanceMemoryBytes, instancePidsLimit, workloadEnv, workloadNodeFlags } from '../runtimes/hardening.js'
export { createChildCgroup } from '../host/cgroup-limits.js'
export { enterFirst, runtimeThreadsHeadroom } from '../host/child.js'
export { locateBinary } from '../host/locate.js'
export { withTimeout } from '../host/timeout.js'
export { CHECKED_CALL_SOURCE, inputJson } from '../runtimes/output-check.js'
export { WORKERD_BINARY } from '../runtimes/workerd/index.js'
export { DENO_BINARY, denoRunArgs } from '../runtimes/deno/index.js'
export { CONFIG_FILE, WORKER_MODULE, workerSource, WORKLOAD_MODULE, workerdConfig } from '../runtimes/workerd/config.js'
export { medianCi, medianRatioCi } from '../analysis/stats/bootstrap.js'
export { median } from '../analysis/stats/summary.js'
export { PACKAGE_ROOT } from '../package-root.js'
