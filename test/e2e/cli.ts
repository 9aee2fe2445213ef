/** Runs the real CLI (bin/isobench.js, as a user would) and collects its output. */
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { execa, type Options } from 'execa'
import { ROOT } from '../helpers.js'

/** The CLI's entry point. */
export const BIN = resolve(ROOT, 'bin/isobench.js')

/** Output of one CLI run. */
export interface CliRun {
  exitCode: number
  stdout: string
  stderr: string
}

/** Runs `isobench <args>`; never throws on a non-zero exit. */
export async function runCli(args: string[], options: Options = {}): Promise<CliRun> {
  const child = await execa(BIN, args, { reject: false, stripFinalNewline: false, cwd: ROOT, ...options })
  return { exitCode: child.exitCode ?? -1, stdout: String(child.stdout), stderr: String(child.stderr) }
}

/** `isobench run` of the cold-start scenario into dir, small: the result file's path. */
export async function coldStartRun(dir: string, args: string[]): Promise<string> {
  const run = await runCli(['run', '--scenario', 'cold-start', '--out', dir, '--quiet', ...args])
  if (run.exitCode !== 0) throw new Error(`isobench run failed (${run.exitCode}): ${run.stderr}`)
  const json = readdirSync(dir).find((name) => name.endsWith('.json'))
  if (!json) throw new Error(`isobench run wrote no JSON into ${dir}`)
  return resolve(dir, json)
}
