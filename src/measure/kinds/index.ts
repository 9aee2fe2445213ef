import { scenarioSchema } from '../../scenarios/schema.js'
import { MEASURES, type Measure } from '../../scenarios/types.js'
import { coldStart } from './cold-start.js'
import { cpu } from './cpu.js'
import { density } from './density.js'
import { isolation } from './isolation.js'
import { memory } from './memory.js'
import { noisyNeighbour } from './noisy-neighbour.js'
import type { ScenarioTables } from '../../report/views.js'
import type { MeasureModule } from './types.js'
import { warmInvoke } from './warm-invoke.js'

/** Every measure kind, by the name a scenario's `measure` field uses. Adding one: its module, one line here, its name in MEASURES. */
export const MEASURE_MODULES = {
  'cold-start': coldStart,
  'warm-invoke': warmInvoke,
  memory,
  density,
  cpu,
  'noisy-neighbour': noisyNeighbour,
  isolation,
} as const satisfies Record<Measure, MeasureModule>

/** The tables of a scenario, by its measure's module; a measure this version does not know is shown as a cold start. */
export const measureTables: ScenarioTables = (analysis, options) =>
  (MEASURE_MODULES[analysis.scenario.measure as Measure] ?? MEASURE_MODULES['cold-start']).tables(analysis, options)

/** The scenario files' JSON Schema, with what each measure needs (`isobench schema`, scenario loading). */
export const SCENARIO_SCHEMA = scenarioSchema(Object.fromEntries(MEASURES.map((measure) => [measure, MEASURE_MODULES[measure].needs])) as Record<Measure, readonly string[]>)
