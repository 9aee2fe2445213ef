/** The result model: what a run measured, as saved in JSON and rendered by every report. */
import type { Summary } from './analysis/stats/summary.js'
import type { RuntimeInfo } from './runtimes/types.js'

/** Bumped when the JSON shape changes incompatibly; `compare` and `report` check it. */
export const SCHEMA_VERSION = 1

/** One sample: a cold start (or a warm-up), with every metric it produced. */
export interface Sample {
  /** 0-based index over the runtime's samples, warm-ups first. */
  index: number
  warmup: boolean
  ok: boolean
  /** Why it failed: the workload's or the runtime's message. */
  error?: string
  /** snake_case metric name with its unit (`cold_start_ms`, `memory_rss_bytes`) → value. */
  metrics: Record<string, number>
  /** Why this sample has no sandbox_* phases though its runtime reports them (a clock not shared: analysis/sandbox-phases.ts). */
  sandboxUnavailable?: string
}

/** Summary statistics of one metric of one runtime, over the measured (non-warm-up) samples. */
export interface MetricSummary extends Summary {
  metric: string
  unit: string
  /** 95% percentile-bootstrap confidence interval of the median (absent when n = 0). */
  medianCi?: { low: number; high: number; confidence: number }
  /** Samples with |modified Z-score| > 14.8 (hyperfine's rule, src/analysis/stats/outliers.ts). */
  outliers?: number
  /** Who observed it: the harness itself (spawn, first answer, /proc, cgroup) or the sandbox's own report (heap, ready). */
  observedBy?: 'harness' | 'sandbox'
}

/** A runtime's median of one metric against the baseline runtime's (the fastest by default). */
export interface RatioToBaseline {
  metric: string
  baseline: string
  /** median(this) / median(baseline). */
  ratio: number
  /** 95% bootstrap confidence interval of the ratio of medians. */
  ci: { low: number; high: number; confidence: number }
}

export interface RuntimeResult {
  runtime: string
  /** In a merged result: the host (`hosts[].host`) this row was measured on. */
  host?: string
  /** ok: measured; failed: every sample failed or it could not be prepared; skipped: not available here. */
  status: 'ok' | 'failed' | 'skipped'
  reason?: string
  fix?: string
  info?: RuntimeInfo
  /** What the handler answered on the first successful sample (identical workloads answer alike). */
  output?: unknown
  samples: Sample[]
  summaries: MetricSummary[]
  /** Cold start against the fastest runtime, with its confidence interval. */
  ratio?: RatioToBaseline
  /** Figures a measure derives from all samples at once (density's slope, isolation's matrix, ...). */
  details?: Record<string, unknown>
}

export interface ScenarioResult {
  name: string
  description: string
  measure: string
  /** sha256 and bytes are those of what ran: the file itself, or its bundle (`bundled`). */
  workload: { name: string; path: string; sha256: string; bytes?: number; bundled?: boolean }
  input: unknown
  runs: number
  warmup: number
  /** The effective options of the measure (sizes, limits), after command-line overrides. */
  settings?: Record<string, unknown>
  runtimes: RuntimeResult[]
}

export interface RunResult {
  schemaVersion: number
  tool: { name: 'isobench'; version: string }
  runId: string
  startedAt: string
  finishedAt?: string
  /** False while running and when the run was interrupted: what is here was measured. */
  complete: boolean
  environment: Record<string, unknown>
  options: Record<string, unknown>
  scenarios: ScenarioResult[]
  /** A merged result (`isobench merge`): each host's run; every runtime row names its host. */
  hosts?: HostRun[]
  /** The claims summary (when several scenarios ran): each claim against what was measured here. */
  claims?: import('./analysis/claims/types.js').ClaimVerdict[]
}

/** One host's run inside a merged result: what identifies it (its host, the file it came from), and its own run's record fields. */
export type HostRun = Pick<RunResult, 'runId' | 'startedAt' | 'finishedAt' | 'complete' | 'environment' | 'options'> & { host: string; file?: string }

/** The unit of a metric, from its name's suffix. */
export function unitOf(metric: string): string {
  if (metric.endsWith('_ms')) return 'ms'
  if (metric.endsWith('_bytes')) return 'bytes'
  if (metric.endsWith('_ns')) return 'ns'
  return 'count'
}
