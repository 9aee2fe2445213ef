import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SCENARIO_SCHEMA } from '../../../src/measure/kinds/index.js'
import { renderSchema } from '../../../src/commands/schema.js'
import { loadScenario, shippedScenarioNames } from '../../../src/scenarios/load.js'
import { MEASURES } from '../../../src/scenarios/types.js'
import { ROOT } from '../../helpers.js'

describe('the published scenario schema', () => {
  it('is shipped as schemas/scenario.schema.json exactly as `isobench schema` prints it', () => {
    expect(readFileSync(join(ROOT, 'schemas/scenario.schema.json'), 'utf8')).toBe(renderSchema())
  })

  it('lists every measure kind', () => {
    expect((SCENARIO_SCHEMA.properties.measure as { enum: string[] }).enum).toEqual([...MEASURES])
  })

  it.each(shippedScenarioNames())('accepts the shipped scenario %s, and its workloads exist', async (name) => {
    const scenario = await loadScenario(name, SCENARIO_SCHEMA)
    expect(scenario.name).toBe(name)
  })
})
