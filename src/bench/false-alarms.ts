/**
 * `npm run bench:false-alarms`: how often the regression gate flags runs of the same build, a
 * statistical study (a few % of pairs on a loaded machine), so a benchmark, never a test.
 *
 * Each pair pools 3 alternated runs a side (order A B B A A B) of `--runs` measured cold starts,
 * compared run by run with `isobench compare` (each run's median is one sample). Alternating puts
 * the machine's load drift on both sides alike (benchstat's advice); a load burst as long as a run
 * can still land on all three runs of one side. A flagged pair is measured again, as scripts/gate.sh
 * confirms a regression: only a confirmed flag is a false alarm. Prints one line per flag and
 * `false-alarms <runtimes> <confirmed>/<pairs> (<flagged> flagged before confirmation)`.
 *
 * Usage: npm run bench:false-alarms [-- --pairs 4 --runs 4 --runtime process,isolate]
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { execa } from 'execa'
import { PACKAGE_ROOT } from './api.js'

const BIN = join(PACKAGE_ROOT, 'bin/isobench.js')
const ORDER = ['a', 'b', 'b', 'a', 'a', 'b'] as const

/** Runs the built CLI with a clean environment, never rejecting. */
function isobench(args: string[]) {
  return execa(BIN, args, { reject: false, extendEnv: false, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' }, timeout: 600_000 })
}

/** One run into a fresh directory under `out`; returns its result file. */
async function runOnce(out: string, runtimes: string, runs: number, serial: number): Promise<string> {
  const dir = join(out, `run-${serial}`)
  const result = await isobench(['run', '-s', 'cold-start', '-R', runtimes, '--runs', String(runs), '--warmup', '1', '--out', dir, '-q'])
  if (result.exitCode !== 0) throw new Error(`isobench run exited ${result.exitCode}: ${result.stderr}`)
  return join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!)
}

/** One alternated pair of the same build: undefined when not flagged, else what was flagged. */
async function flaggedPair(out: string, runtimes: string, runs: number, next: () => number): Promise<string | undefined> {
  const sides: Record<'a' | 'b', string[]> = { a: [], b: [] }
  for (const side of ORDER) sides[side].push(await runOnce(out, runtimes, runs, next()))
  const result = await isobench(['compare', sides.a.join(','), sides.b.join(','), '--format', 'json'])
  if (result.exitCode !== 0 && result.exitCode !== 1) throw new Error(`isobench compare exited ${result.exitCode}: ${result.stderr}`)
  const regressed = (JSON.parse(result.stdout).comparisons as Array<{ runtime: string; metric: string; verdict: string }>).filter((c) => c.verdict === 'regressed')
  return regressed.length === 0 ? undefined : regressed.map((c) => `${c.runtime} ${c.metric}`).join(', ')
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pairs: { type: 'string', default: '4' }, runs: { type: 'string', default: '4' }, runtime: { type: 'string', default: 'process,isolate' } } })
  const pairs = Number(values.pairs)
  const runs = Number(values.runs)
  if (!Number.isInteger(pairs) || pairs < 1 || !Number.isInteger(runs) || runs < 3) throw new Error('expected --pairs ≥ 1 and --runs ≥ 3 (integers)')
  const out = mkdtempSync(join(tmpdir(), 'isobench-false-alarms-'))
  let serial = 0
  let flagged = 0
  const confirmed: string[] = []
  try {
    for (let pair = 0; pair < pairs; pair++) {
      const first = await flaggedPair(out, values.runtime, runs, () => ++serial)
      if (!first) continue
      flagged++
      const again = await flaggedPair(out, values.runtime, runs, () => ++serial)
      process.stdout.write(`pair ${pair} flagged (${first}); confirmation: ${again ?? 'not flagged'}\n`)
      if (again) confirmed.push(first)
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
  process.stdout.write(`false-alarms ${values.runtime} ${confirmed.length}/${pairs} (${flagged} flagged before confirmation)\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:false-alarms: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
