/** The scenario model: measure kinds and the validated Scenario every command gets. Data only. */
import type { StoppingRule } from '../analysis/stopping.js'
import type { Limits } from '../runtimes/types.js'

/** The measure kinds a scenario can ask for, in the order `--scenario all` runs them. */
export const MEASURES = ['cold-start', 'warm-invoke', 'memory', 'density', 'cpu', 'noisy-neighbour', 'isolation', 'hardening'] as const
/** One measure kind. */
export type Measure = (typeof MEASURES)[number]

/**
 * A count that may differ per runtime: one number for all, or a map from runtime name (exact,
 * then the part before `:` so `docker:crun` matches `docker`, then `*`) to a number.
 */
export type PerRuntimeCount = number | Record<string, number>

/** A workload reference inside a scenario (victim, probe). */
export interface WorkloadRef {
  /** Absolute path of the workload source. */
  workloadPath: string
  input: unknown
}

/** One attempt of the isolation matrix: a probe workload and what it tries. */
export interface Probe extends WorkloadRef {
  name: string
  /** What the probe attempts, in words (`read /etc/passwd of the host`). */
  attempt: string
}

/** A validated scenario: data only, never code. Options absent here take the measure's defaults. */
export interface Scenario {
  name: string
  description: string
  measure: Measure
  /** Absolute path of the workload source (the neighbour in noisy-neighbour; a probe in isolation). */
  workloadPath: string
  /** The input handed to the handler on each request. */
  input: unknown
  /** What the workload may use: the language only (default) or Node's APIs (then only Node runtimes run it). */
  platform?: 'neutral' | 'node'
  runs: number
  warmup: number
  /** Runtimes this scenario runs on by default (all when absent). */
  runtimes?: string[]
  /** Limits for every instance of this scenario (the command line overrides them). */
  limits?: Partial<Limits>
  /** memory: live instances per runtime. */
  instances?: PerRuntimeCount
  /** density: the numbers of live instances to step through. */
  steps?: number[]
  /** density: the most live instances per runtime. */
  maxInstances?: PerRuntimeCount
  /** density: stop stepping once host memory dropped by this much (MiB). */
  memoryBudgetMb?: number
  /** density: stop stepping a runtime after this long (seconds). */
  timeBudgetS?: number
  /** noisy-neighbour: how long the victim is measured, alone and beside the neighbour (ms). */
  windowMs?: number
  /** noisy-neighbour: a shared memory budget (MiB) holding the victim and its neighbours (host/cgroup-budget.ts). */
  hostMemoryMb?: number
  /** noisy-neighbour: a shared CPU quota (cores) in the same budget group. */
  hostCpus?: number
  /** noisy-neighbour: how many neighbours run at once; `cores`: one per CPU core. */
  neighbours?: number | 'cores'
  /** noisy-neighbour: the instance whose latency is watched. */
  victim?: WorkloadRef
  /** noisy-neighbour: the neighbour's limits in the "with limits" and "without limits" variants. */
  limited?: Partial<Limits>
  unlimited?: Partial<Limits>
  /** isolation: the probes, one column each. */
  probes?: Probe[]
  /** cold-start: sample each row until its CI is within ±precision, within bounds (command line only: --precision). */
  precision?: StoppingRule
  /** Where the scenario came from. */
  file: string
}
