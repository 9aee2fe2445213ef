/** A small real cold-start run for the report tests: the result file it wrote. */
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { runCli } from './cli.js'

/** `isobench run --scenario cold-start --out dir --quiet <args>`; throws unless it exits 0. */
export async function coldStartRun(dir: string, args: string[]): Promise<string> {
  const run = await runCli(['run', '--scenario', 'cold-start', '--out', dir, '--quiet', ...args])
  if (run.code !== 0) throw new Error(`isobench run failed (${run.code}): ${run.stderr}`)
  const json = readdirSync(dir).find((name) => name.endsWith('.json'))
  if (!json) throw new Error(`isobench run wrote no JSON into ${dir}`)
  return resolve(dir, json)
}
