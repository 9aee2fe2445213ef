/**
 * `npm run bench:gate`: how often the `isobench ab` gate cries wolf, and how often it catches a real
 * slowdown, on this machine. A benchmark, never a test. It drives the built CLI as CI would:
 * - A/A: `--pairs` ab runs of the same build while a CPU hog (a busy node process, a CI neighbour)
 *   toggles on and off at random; a false alarm is an exit 1.
 * - A/B: per runtime, `--pairs` ab runs whose head workload adds start-up work at load worth 10%
 *   of the base median for isolate and process, 20% for docker, calibrated (quiet, before the hog)
 *   until a 20-round ab measures that ratio; detected = exit 1 with that runtime's cold_start_ms regressed.
 * Each ab run uses --precision (default 5%) and records its wall time (target: under 2 minutes).
 *
 * Usage: npm run bench:gate [-- --pairs 20 --runtime isolate,process,docker --precision 5% --threshold 5% --max-time 90s --hog 1 --keep DIR]
 * (--keep DIR: keep every ab run's records there, for a look at them afterwards)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { median, PACKAGE_ROOT } from './api.js'

const ROOT = PACKAGE_ROOT
const BIN = join(ROOT, 'bin/isobench.js')
const ADDED: Record<string, number> = { isolate: 0.1, process: 0.1, docker: 0.2 }
const addedOf = (runtime: string) => ADDED[runtime.split(':')[0]!] ?? 0.1
const log = (m: string) => process.stderr.write(`${m}\n`)

function gateArgs() {
  const { values } = parseArgs({ options: { pairs: { type: 'string' }, runtime: { type: 'string' }, precision: { type: 'string' }, threshold: { type: 'string' }, 'max-time': { type: 'string' }, hog: { type: 'string' }, keep: { type: 'string' } } })
  const pairs = Number(values.pairs ?? 20)
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`expected --pairs to be a positive integer, got "${values.pairs}"`)
  return { pairs, runtimes: (values.runtime ?? 'isolate,process,docker').split(','), precision: values.precision ?? '5%', threshold: values.threshold ?? '5%', maxTime: values['max-time'] ?? '90s', hogs: Number(values.hog ?? 1), keep: values.keep }
}

/** Runs the built CLI; resolves with its exit code, stdout and wall time in seconds. */
function isobench(args: string[]): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  const started = Date.now()
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr, seconds: (Date.now() - started) / 1000 }))
  })
}

/** A CPU hog that toggles on and off at random (0.5–4 s each way) until stopped. */
function startHog(cores: number): { stop: () => void; onShare: () => number } {
  let children: ChildProcess[] = []
  let on = false
  let onMs = 0
  let since = Date.now()
  let timer: NodeJS.Timeout | undefined
  const toggle = () => {
    if (on) onMs += Date.now() - since
    since = Date.now()
    on = !on
    if (on) children = Array.from({ length: cores }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }))
    else for (const child of children.splice(0)) child.kill('SIGKILL')
    timer = setTimeout(toggle, 500 + Math.random() * 3500)
  }
  const started = Date.now()
  if (cores > 0) toggle()
  return {
    stop: () => {
      clearTimeout(timer)
      if (on) onMs += Date.now() - since
      for (const child of children.splice(0)) child.kill('SIGKILL')
    },
    onShare: () => onMs / Math.max(1, Date.now() - started),
  }
}

/**
 * The head's added start-up work: `count` parses of a fixed JSON text at the workload's top level
 * (evaluated inside the timed span in every runtime). A builtin's cost is linear in `count`; a busy
 * loop is not: V8 tiers it up part-way (OSR), so its cost is a step (20k and 200k iterations of the
 * old spin cost 0.6 and 1.7 ms in a fresh isolate), and a linear calibration of it missed 10% by far.
 */
const WORK = (count: number) => `const __text = '[' + '{"a":1,"b":"xyz","c":[1,2,3]},'.repeat(50) + '0]'\nlet __kept = 0\nfor (let i = 0; i < ${count}; i++) __kept += JSON.parse(__text).length\n`

/** ms per parse of WORK's text here (the same V8 as every node-based runtime): the first estimate only. */
function parseMs(): number {
  const text = '[' + '{"a":1,"b":"xyz","c":[1,2,3]},'.repeat(50) + '0]'
  const times: number[] = []
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now()
    for (let k = 0; k < 200; k++) JSON.parse(text)
    times.push((performance.now() - t0) / 200)
  }
  return median(times)
}

/** A head workload: the hello handler after `count` parses (only the language: runs everywhere). */
function headWorkload(dir: string, runtime: string, count: number): string {
  const hello = readFileSync(join(ROOT, 'scenarios/workloads/hello.js'), 'utf8')
  const file = join(dir, `head-${runtime.replace(':', '-')}-${count}.js`)
  writeFileSync(file, `// bench:gate head: ${count} JSON parses at load, then hello\n${WORK(count)}${hello}`)
  return file
}

/**
 * The head whose added work costs `added` × the base's cold start median, measured in the timed
 * span itself: a first count from the parse cost here, then quiet 20-round ab runs (no hog), each
 * rescaling the count by the wanted over the measured added time. The added time is the rise of
 * the compile phase's median (the workload's evaluation, timed inside the runtime), which a loaded
 * machine blurs far less than the whole cold start (±15% over 20 rounds at load 11).
 */
async function calibratedHead(dir: string, runtime: string, added: number, baseMs: number): Promise<{ file: string; count: number; ratio: number }> {
  let count = Math.max(1, Math.round((added * baseMs) / parseMs()))
  let file = headWorkload(dir, runtime, count)
  let ratio = Number.NaN
  for (let attempt = 1; attempt <= 3; attempt++) {
    const run = await abOnce(['--base', '.', '--head', `workload=${file}`, '-R', runtime, '--runs', '20', '--threshold', '5%', '--metric', `${COLD},${COMPILE}`], join(dir, 'calibrate'))
    const want = added * run.medians[runtime]![COLD]!.base
    const got = run.medians[runtime]![COMPILE]!.head - run.medians[runtime]![COMPILE]!.base
    ratio = run.ratios[runtime]!
    log(`# ${runtime}: calibration ${attempt}: ${count} parses add ${got.toFixed(3)} ms to the compile phase (want ${want.toFixed(3)} ms = ${pct(added)} of ${run.medians[runtime]![COLD]!.base.toFixed(2)}); cold start ratio ${ratio.toFixed(3)}`)
    if (Math.abs(got - want) <= 0.1 * want || attempt === 3) break
    count = Math.max(1, Math.round((count * want) / Math.max(0.01 * want, got)))
    file = headWorkload(dir, runtime, count)
  }
  return { file, count, ratio }
}

/** Base cold-start medians per runtime, from one plain run. */
async function baseMedians(runtimes: string[], out: string): Promise<Record<string, number>> {
  const run = await isobench(['run', '-s', 'cold-start', '-R', runtimes.join(','), '--runs', '15', '--json', '-q', '--out', out])
  if (run.code !== 0) throw new Error(`base run failed (exit ${run.code}): ${run.stderr}`)
  const rows = JSON.parse(run.stdout).scenarios[0].runtimes as Array<{ runtime: string; summaries: Array<{ metric: string; median: number }> }>
  return Object.fromEntries(rows.map((r) => [r.runtime, r.summaries.find((s) => s.metric === 'cold_start_ms')!.median]))
}

const COLD = 'cold_start_ms'
const COMPILE = 'phase_compile_ms'

interface AbRun { code: number; seconds: number; verdicts: Record<string, string>; ratios: Record<string, number>; detectable: Record<string, number>; medians: Record<string, Record<string, { base: number; head: number }>> }

/** One ab run, its exit code, time, per-runtime cold-start verdicts and each compared metric's medians. */
async function abOnce(args: string[], out: string): Promise<AbRun> {
  const run = await isobench(['ab', '-s', 'cold-start', '--format', 'json', '-q', '--out', out, ...args])
  if (run.code !== 0 && run.code !== 1) throw new Error(`ab failed (exit ${run.code}): ${run.stderr}`)
  const all = JSON.parse(run.stdout).comparisons as Array<{ runtime: string; metric: string; verdict: string; ratio: number; detectable: number; baselineMedian: number; currentMedian: number }>
  const cold = all.filter((c) => c.metric === COLD)
  const by = <T>(pick: (c: (typeof cold)[number]) => T) => Object.fromEntries(cold.map((c) => [c.runtime, pick(c)]))
  const medians: AbRun['medians'] = {}
  for (const c of all) (medians[c.runtime] ??= {})[c.metric] = { base: c.baselineMedian, head: c.currentMedian }
  return { code: run.code, seconds: run.seconds, verdicts: by((c) => c.verdict), ratios: by((c) => c.ratio), detectable: by((c) => c.detectable), medians }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const secs = (runs: AbRun[]) => `median ${median(runs.map((r) => r.seconds)).toFixed(0)} s, max ${Math.max(...runs.map((r) => r.seconds)).toFixed(0)} s`

/** Base medians, then each runtime's calibrated head (quiet), then A/A and A/B ab runs with the hog toggling. */
async function main(): Promise<void> {
  const args = gateArgs()
  const dir = args.keep ? resolve(args.keep) : mkdtempSync(join(tmpdir(), 'isobench-gate-bench-'))
  if (args.keep) mkdirSync(dir, { recursive: true })
  const common = ['--precision', args.precision, '--threshold', args.threshold, '--max-time', args.maxTime]
  try {
    const medians = await baseMedians(args.runtimes, join(dir, 'base'))
    log(`# base medians: ${args.runtimes.map((r) => `${r} ${medians[r]!.toFixed(2)} ms`).join(', ')}`)
    const heads: Record<string, { file: string; count: number; ratio: number }> = {}
    for (const runtime of args.runtimes) heads[runtime] = await calibratedHead(dir, runtime, addedOf(runtime), medians[runtime]!)
    const hog = startHog(args.hogs)
    const aa: AbRun[] = []
    const ab: Record<string, AbRun[]> = {}
    try {
      for (let i = 0; i < args.pairs; i++) {
        aa.push(await abOnce(['--base', '.', '--head', '.', '-R', args.runtimes.join(','), ...common], join(dir, 'aa')))
        log(`# A/A ${i + 1}/${args.pairs}: exit ${aa.at(-1)!.code}, ${aa.at(-1)!.seconds.toFixed(0)} s, ${args.runtimes.map((r) => `${r} ${aa.at(-1)!.ratios[r]?.toFixed(3)} ${aa.at(-1)!.verdicts[r]} ±${pct(aa.at(-1)!.detectable[r]!)}`).join(', ')}`)
      }
      for (const runtime of args.runtimes) {
        ab[runtime] = []
        for (let i = 0; i < args.pairs; i++) {
          ab[runtime].push(await abOnce(['--base', '.', '--head', `workload=${heads[runtime]!.file}`, '-R', runtime, ...common], join(dir, 'ab')))
          const last = ab[runtime].at(-1)!
          log(`# A/B ${runtime} ${i + 1}/${args.pairs}: exit ${last.code}, ${last.seconds.toFixed(0)} s, ratio ${last.ratios[runtime]?.toFixed(3)} ±${pct(last.detectable[runtime]!)}, ${last.verdicts[runtime]}`)
        }
      }
    } finally {
      log(`# the hog was on ${pct(hog.onShare())} of the time`)
      hog.stop()
    }
    console.log(`gate A/A (CPU hog toggling): ${aa.filter((r) => r.code === 1).length} false alarm(s) in ${aa.length} ab runs; ${secs(aa)} per run (target: ≤ 1 in 20)`)
    for (const runtime of args.runtimes) {
      const runs = ab[runtime]!
      const caught = runs.filter((r) => r.code === 1 && r.verdicts[runtime] === 'regressed').length
      console.log(`gate A/B ${runtime} (+${pct(addedOf(runtime))}: ${heads[runtime]!.count} parses, quiet ratio ${heads[runtime]!.ratio.toFixed(3)}): detected ${caught} of ${runs.length}; measured ratio median ${median(runs.map((r) => r.ratios[runtime]!)).toFixed(3)}; ${secs(runs)} per run (target: ≥ 18 of 20)`)
    }
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  log(`bench:gate failed: ${(error as Error).message}`)
  process.exitCode = 1
})
