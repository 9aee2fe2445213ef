/** `isobench schema`: prints the JSON Schema of scenario files (the shipped schemas/scenario.schema.json). */
import { SCENARIO_SCHEMA } from '../measure/kinds/index.js'

/** The schema as the shipped file holds it: two-space JSON and a final newline. */
export function renderSchema(): string {
  return JSON.stringify(SCENARIO_SCHEMA, null, 2) + '\n'
}

/** Prints the schema; exit 0. */
export async function schemaCommand(): Promise<number> {
  process.stdout.write(renderSchema())
  return 0
}
