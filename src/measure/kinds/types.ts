import type { ScenarioAnalysis } from '../../analysis/index.js'
import type { TableView, ViewOptions } from '../../report/table-model.js'
import type { Sample } from '../../result.js'
import type { Runtime, RunContext, RuntimeOptions } from '../../runtimes/types.js'
import type { LoadedWorkload } from '../../scenarios/workload.js'
import type { Measure, Scenario } from '../../scenarios/types.js'

/** Everything a measure needs; runtimes are touched only through their adapter (start/invoke/memory/stop). */
export interface MeasureInput {
  scenario: Scenario
  /** The runtimes that are available and prepared, in table order. */
  runtimes: Runtime[]
  workload: LoadedWorkload
  /** Limits in ctx are the scenario's effective ones. */
  ctx: RunContext
  signal: AbortSignal
  onProgress: (label: string, done: number, total: number) => void
  /** Loads another workload of the scenario (victim, probe). */
  loadWorkload: (path: string) => Promise<LoadedWorkload>
  /** The options the runtimes were made with (noisy-neighbour's tenant host makes an in-process runtime again from them). */
  runtimeOptions?: RuntimeOptions
  /** Hands over what was measured so far, to be written at once (nothing lost); awaited. */
  checkpoint?: (partial: MeasureOutcome) => Promise<void>
}

/** What one runtime produced. */
export interface RuntimeOutcome {
  samples: Sample[]
  output?: unknown
  details?: Record<string, unknown>
  /** Set when the runtime could not be measured at all (then the row is failed). */
  error?: string
}

/** What a measure produced for all its runtimes. */
export interface MeasureOutcome {
  runtimes: Map<string, RuntimeOutcome>
  interrupted: boolean
  /** The effective options (sizes, limits) the measure used, recorded in the result. */
  settings: Record<string, unknown>
}

/** A measure kind: one file each, one line in the registry (kinds/index.ts). */
export interface MeasureModule {
  measure: Measure
  /** The scenario fields it requires (validated on load, published in the schema). */
  needs: readonly ('workload' | 'probes' | 'victim')[]
  /** One line for the table heading: what is measured, where the clock starts and stops. */
  description: string
  /** Measures the scenario on the runtimes. */
  run(input: MeasureInput): Promise<MeasureOutcome>
  /** The tables every report format shows for a scenario of this measure, from its analysis. */
  tables(analysis: ScenarioAnalysis, options: ViewOptions): TableView[]
}

/** An empty outcome per runtime, to fill in. */
export function outcomesFor(runtimes: Runtime[]): Map<string, RuntimeOutcome> {
  return new Map(runtimes.map((runtime) => [runtime.name, { samples: [] }]))
}
