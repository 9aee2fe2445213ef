/**
 * The runtime adapter contract: a lifecycle, not a single call (design.md), and the factory the
 * registry (index.ts) holds. Callers are the measuring code (measure/: the scheduler, the instance
 * and warm loops, the measures); adapters never print, compute statistics or write files.
 */

/** A workload: one JavaScript module whose default export is the handler, run unchanged everywhere. */
export interface Workload {
  /** Short name, from the file name (`hello`). */
  name: string
  /** Absolute path of the source file. */
  path: string
  /** The module source, exactly as on disk. */
  source: string
}

/** The default --max-output: 1 MiB of JSON per answer. */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024

/** The answer cap of these limits. */
export function maxOutputOf(limits: Limits): number {
  return limits.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES
}

/** Limits applied to every instance; adapters map them onto their own mechanism. */
export interface Limits {
  /** Memory cap per instance in MiB: container memory, child heap cap, isolate memoryLimit. */
  memoryMb: number
  /** Per-invocation (and per-start) timeout in milliseconds. */
  timeoutMs: number
  /** Container pids limit (node needs ~7 tasks; 64 is safe). */
  pidsLimit: number
  /** CPU quota in cores for containers (0 = none). */
  cpus: number
  /** --max-output: the largest answer (bytes of its JSON text) a sandbox hands back; absent: DEFAULT_MAX_OUTPUT_BYTES. */
  maxOutputBytes?: number
  /** Hardenings relaxed for this run (runtimes/hardening.ts); absent or empty: all in force. */
  relax?: readonly Relaxation[]
  /** A shared budget group (host/cgroup-budget.ts) the instance's cgroup sits in, beside others' (noisy-neighbour); absent: none. */
  budgetGroup?: string
}

/** A hardening that can be relaxed by name (what each means: RELAXATIONS in hardening.ts). */
export type Relaxation = 'network' | 'readonly' | 'caps' | 'pids' | 'memory' | 'env' | 'user' | 'logs' | 'cgroup'

/** What a runtime reports about itself when it can run here. */
export interface RuntimeInfo {
  /** e.g. `node v20.20.2`, `docker 20.10.24 (runc)`, `isolated-vm 5.0.4`. */
  version: string
  /** Free-form facts recorded in the result's environment (image id, paths, `node`, `v8`, ...). */
  details: Record<string, string | number | boolean>
  /** A caveat printed under the table (e.g. that vm is not a security boundary). */
  note?: string
}

/** The pids and memory limits of one child's cgroup; undefined: that limit is relaxed. */
export interface ChildLimits {
  pidsMax: number | undefined
  memoryBytes: number | undefined
  /** CPU quota in cores (cfs quota ÷ period); 0 or absent: none. */
  cpus?: number
  /** The budget group this child's group is made in (Limits.budgetGroup); absent: beside the harness's. */
  parent?: string
  /** No cgroup of its own at all (relaxed: `cgroup`): no limit, ended as a plain process tree. */
  noGroup?: boolean
}

/** Availability: either runnable with info, or not with a reason and a fix. */
export type Availability =
  | { available: true; info: RuntimeInfo }
  | { available: false; reason: string; fix: string }

/** A monotonic clock in milliseconds (fractional). The scheduler injects it. */
export type Clock = () => number

/** Context handed to every adapter call. */
export interface RunContext {
  now: Clock
  /** Label for everything the run creates (containers get `isobench=<runId>`). */
  runId: string
  limits: Limits
  /** Progress messages for slow one-time preparation (image build); printed by the caller. */
  log: (message: string) => void
}

/** One named phase of a start, in milliseconds, in the order they happen. */
export interface Phase {
  name: string
  ms: number
}

/** Memory readings of one instance, by view; every field is optional and named for what it is. */
export interface MemoryReading {
  /** RSS summed over the processes the instance owns (process: the child tree; docker: the container's processes + its shim). */
  rssBytes?: number
  /** PSS summed over the same processes. */
  pssBytes?: number
  /** RSS growth of the harness process since the instance was started (in-process runtimes). */
  rssGrowthBytes?: number
  /** Container cgroup usage (docker). */
  cgroupBytes?: number
  /** RSS of the workload's node inside a VM guest, as the guest's own kernel counts it (qemu). */
  guestRssBytes?: number
  /** V8 heap in use (isolate heap statistics; process.memoryUsage() in a child). */
  heapBytes?: number
  /** V8 external memory (ArrayBuffers and the like). */
  externalBytes?: number
  /** V8 heap in use of an isolate the instance shares with others (vm: the harness's; isolate:context: the shared one): not its own. */
  sharedHeapBytes?: number
  /** Memory held by a warm pool's idle instances beside this one (runtime+pool): each one's memory when it was started. */
  poolBytes?: number
  /** WebAssembly linear memory of the instance's own wasm instance (wasm). */
  linearMemoryBytes?: number
  /** RSS and PSS of the container's shim (containerd-shim), which each container adds (docker); already inside rssBytes/pssBytes. */
  shimRssBytes?: number
  shimPssBytes?: number
}

/**
 * Timestamps read inside the sandbox (or by the harness-side code at the sandbox's edge: isolate,
 * vm, wasm), in milliseconds on the clock named by `clock`. What a workload there could patch:
 * sandbox-reported, never what the gate compares by default (analysis/metrics.ts).
 */
export interface SandboxTimes {
  /** 'monotonic': CLOCK_MONOTONIC, as ctx.now; 'wall': performance.timeOrigin + performance.now() (measure/clock.ts maps it). */
  clock: 'monotonic' | 'wall'
  /** What was read, in words (`process.hrtime.bigint() in the bootstrap`). */
  source: string
  /** How coarse the clock is (ms): 0 for nanosecond clocks, 1 for Date.now(). */
  resolutionMs: number
  /** The sandbox's own first line ran. */
  bootAt?: number
  /** The workload was loaded and the handler ready. */
  loadedAt?: number
  /** The latest answer was written inside. */
  answerAt?: number
  /** The latest handler call, timed inside just before and after it (with repeat: the fastest call). */
  callMs?: number
  /**
   * The CPU time the sandbox's process (or the harness, in-process) used during that call: what
   * preemption does not inflate (with repeat: the fastest call's; workerd: its process's during the
   * whole request, read by the harness from the kernel, ÷ the calls, a mean).
   */
  cpuMs?: number
  /** Why some of these are not reported, when they are not (workerd hides the clock at start-up). */
  missing?: string
}

/** How one request calls the handler. */
export interface InvokeOptions {
  /**
   * Call it this many times inside the one request (1 to MAX_REPEAT), answering the last output;
   * the sandbox's callMs is then the fastest call (cpu: preemption only ever adds to a call).
   */
  repeat?: number
}

/** The most calls one request may ask for. */
export const MAX_REPEAT = 100

/** The calls a request makes for InvokeOptions.repeat: a whole number from 1 to MAX_REPEAT (1 when absent or not a number). */
export function repeatCount(repeat?: number): number {
  return Math.min(MAX_REPEAT, Math.max(1, Math.floor(Number(repeat) || 1)))
}

/** A live instance of a workload in a runtime. */
export interface Instance {
  /** How the start went, phase by phase, as measured by the adapter with ctx.now. */
  readonly startPhases: Phase[]
  /** The sandbox-side timestamps of its start and of its latest answer; absent where the runtime reports none. */
  sandboxTimes?(): SandboxTimes
  /** One request through the workload's handler; rejects with the workload's error message. */
  invoke(input: unknown, options?: InvokeOptions): Promise<unknown>
  /** Whether invoke honours InvokeOptions.repeat (qemu calls once whatever it says). */
  readonly repeats?: boolean
  /** What this instance costs now. */
  memory(): Promise<MemoryReading>
  /** Frees everything the instance made. Idempotent; never rejects. */
  stop(): Promise<void>
}

/** How the harness hears from an instance (Runtime.channel). */
export interface Channel {
  /** One sentence: the transport and what guards it. */
  detail: string
  /** What the workload shares with the protocol, in a few words (`shares the process`), when it does. */
  shares?: string
}

/** A runtime adapter. One file or folder per runtime, one line in the registry. */
export interface Runtime {
  readonly name: string
  /** One line for `isobench list`: what one instance is. */
  readonly description: string
  /**
   * How the harness hears from an instance and what a workload there could still forge: what the
   * isolation matrix's forge cell says beside whether the forgery was caught.
   */
  readonly channel?: Channel
  /** Can it run here? Cheap; never builds or installs anything. */
  probe(): Promise<Availability>
  /**
   * The cgroup limits each of its child processes gets (process, deno, workerd: host/child.ts); the
   * run creates a probe group with them and records what the kernel read back. Absent: no child cgroups.
   */
  childLimits?(limits: Limits): ChildLimits
  /**
   * Why its instances cannot join a budget group made on this host (Limits.budgetGroup), after
   * probe(); undefined: they can. Present: its instances take budgets (containers); absent: only
   * through child cgroups (childLimits) or a tenant host.
   */
  budgetUnavailable?(): string | undefined
  /** One-time work before measuring (build an image, load a library). Not timed. */
  prepare?(ctx: RunContext): Promise<void>
  /**
   * Work for one workload before it is measured (make a snapshot of it, fill a pool with it), after
   * prepare; called once per scenario. Not timed. A start with a workload it was not called for still works.
   */
  prepareWorkload?(ctx: RunContext, workload: Workload): Promise<void>
  /** Starts an instance; resolves when it can take a request. */
  start(workload: Workload, ctx: RunContext): Promise<Instance>
  /**
   * At most this many cold-start samples per scenario, for a runtime whose start takes seconds
   * (qemu): the scheduler takes fewer of its samples, and its info.note says so under the table.
   */
  readonly sampleCap?: { runs: number; warmup: number }
  /** Waits for untimed background work (a pool's refill) so it does not overlap the next measurement. */
  settle?(): Promise<void>
  /**
   * Before a host-memory baseline, with none of its instances alive: frees what stopped instances
   * left in shared state (isolate:context: the shared isolate's heap), so it is not returned during
   * the next measurement. Not timed.
   */
  quiesce?(ctx: RunContext): Promise<void>
  /** Frees anything left of this run (containers labelled with ctx.runId, pooled instances); used on interrupt. */
  cleanup?(runId: string): Promise<void>
}

/** Options that choose how runtimes start their instances; set once per run from the CLI. */
export interface RuntimeOptions {
  /** The node binary for the process and docker runtimes (default: the one running isobench). */
  nodePath: string
  /** The guest kernel for the qemu runtime (default: the newest /boot/vmlinuz-*). */
  kernelPath?: string
  /** A container image to use instead of the locally built one. */
  image?: string
  /** The Docker engine (`--docker-host URL`); absent: DOCKER_HOST, the docker CLI's context, the local socket. */
  dockerHost?: string
  /** The run's relaxed hardenings, for a probe that checks what one needs (children as nobody: `user`). */
  relax?: readonly Relaxation[]
}

/** A registry entry: builds a runtime from the run's options. */
export type RuntimeFactory = (options: RuntimeOptions) => Runtime
