/** The measure kinds a scenario can ask for. */
export const MEASURES = ['cold-start'] as const
export type Measure = (typeof MEASURES)[number]

/** A validated scenario: data only, never code. */
export interface Scenario {
  name: string
  description: string
  measure: Measure
  /** Absolute path of the workload source. */
  workloadPath: string
  /** The input handed to the handler on each request. */
  input: unknown
  runs: number
  warmup: number
  /** Runtimes this scenario runs on by default (all when absent). */
  runtimes?: string[]
  /** Where the scenario came from. */
  file: string
}
