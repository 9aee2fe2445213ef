import type { RunResult } from '../result.js'

/** The full result, as saved and as printed by --json. */
export function renderJson(result: RunResult): string {
  return JSON.stringify(result, null, 2) + '\n'
}
