/**
 * `npm run bench:gate`: how often the `isobench ab` gate cries wolf, and how often it catches a real
 * slowdown, on this machine. A benchmark, never a test. It drives the built CLI as CI would:
 * - A/A: `--pairs` ab runs of the same build while a CPU hog (a busy node process, a CI neighbour)
 *   toggles on and off at random; a false alarm is an exit 1.
 * - A/B: per runtime, `--pairs` ab runs whose head workload spins at load for a known cost: 10% of
 *   the base median for isolate and process, 20% for docker (calibrated below); detected = exit 1
 *   with that runtime's cold_start_ms regressed.
 * Each ab run uses --precision (default 5%) and records its wall time (target: under 2 minutes).
 *
 * Usage: npm run bench:gate [-- --pairs 20 --runtime isolate,process,docker --precision 5% --threshold 5% --max-time 90s --hog 1]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import ivm from 'isolated-vm'
import { median } from './api.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..')
const BIN = join(ROOT, 'bin/isobench.js')
const ADDED: Record<string, number> = { isolate: 0.1, process: 0.1, docker: 0.2 }
const log = (m: string) => process.stderr.write(`${m}\n`)

function gateArgs() {
  const { values } = parseArgs({ options: { pairs: { type: 'string' }, runtime: { type: 'string' }, precision: { type: 'string' }, threshold: { type: 'string' }, 'max-time': { type: 'string' }, hog: { type: 'string' } } })
  const pairs = Number(values.pairs ?? 20)
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`expected --pairs to be a positive integer, got "${values.pairs}"`)
  return { pairs, runtimes: (values.runtime ?? 'isolate,process,docker').split(','), precision: values.precision ?? '5%', threshold: values.threshold ?? '5%', maxTime: values['max-time'] ?? '90s', hogs: Number(values.hog ?? 1) }
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

const SPIN = (n: number) => `let __spin = 0\nfor (let i = 0; i < ${n}; i++) __spin = (__spin + i * 7) % 1000003\n`

/** How long the spin of `n` iterations takes, median of 7, where the runtime runs it: a fresh isolate (isolate), a fresh node (process, docker). */
async function spinMs(runtime: string, n: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < 7; i++) {
    if (runtime.startsWith('isolate')) {
      const isolate = new ivm.Isolate({ memoryLimit: 128 })
      const context = isolate.createContextSync()
      const script = isolate.compileScriptSync(`/* ${i} */ ${SPIN(n)}`)
      const t0 = performance.now()
      script.runSync(context)
      times.push(performance.now() - t0)
      isolate.dispose()
    } else {
      const child = await nodeOutput(['-e', `const t0 = performance.now(); ${SPIN(n).replace(/\n/g, ';')} console.log(performance.now() - t0)`])
      times.push(Number(child))
    }
  }
  return median(times)
}

/** Runs `node args` and resolves with its stdout. */
function nodeOutput(args: string[]): Promise<string> {
  return new Promise((done) => {
    let out = ''
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'ignore'] })
    child.stdout.on('data', (c) => (out += c))
    child.on('close', () => done(out.trim()))
  })
}

/** Iterations that spin for `ms` in this runtime: a first estimate, then one refinement near the target (tiering is not linear). */
async function spinIterations(runtime: string, ms: number): Promise<number> {
  const first = 200_000
  const guess = Math.max(1000, Math.round((ms * first) / (await spinMs(runtime, first))))
  return Math.max(1000, Math.round((ms * guess) / (await spinMs(runtime, guess))))
}

/** A head workload: the hello handler after a spin of `ms` at load (only the language: runs everywhere). */
function headWorkload(dir: string, runtime: string, ms: number, iterations: number): string {
  const hello = readFileSync(join(ROOT, 'scenarios/workloads/hello.js'), 'utf8')
  const file = join(dir, `head-${runtime.replace(':', '-')}.js`)
  writeFileSync(file, `// bench:gate head: ~${ms.toFixed(3)} ms of spinning at load, then hello\n${SPIN(iterations)}${hello}`)
  return file
}

/** Base cold-start medians per runtime, from one plain run. */
async function baseMedians(runtimes: string[], out: string): Promise<Record<string, number>> {
  const run = await isobench(['run', '-s', 'cold-start', '-R', runtimes.join(','), '--runs', '15', '--json', '-q', '--out', out])
  if (run.code !== 0) throw new Error(`base run failed (exit ${run.code}): ${run.stderr}`)
  const rows = JSON.parse(run.stdout).scenarios[0].runtimes as Array<{ runtime: string; summaries: Array<{ metric: string; median: number }> }>
  return Object.fromEntries(rows.map((r) => [r.runtime, r.summaries.find((s) => s.metric === 'cold_start_ms')!.median]))
}

interface AbRun { code: number; seconds: number; verdicts: Record<string, string>; ratios: Record<string, number>; detectable: Record<string, number> }

/** One ab run, its exit code, time and per-runtime cold-start verdicts. */
async function abOnce(args: string[], out: string): Promise<AbRun> {
  const run = await isobench(['ab', '-s', 'cold-start', '--format', 'json', '-q', '--out', out, ...args])
  if (run.code !== 0 && run.code !== 1) throw new Error(`ab failed (exit ${run.code}): ${run.stderr}`)
  const cold = (JSON.parse(run.stdout).comparisons as Array<{ runtime: string; metric: string; verdict: string; ratio: number; detectable: number }>).filter((c) => c.metric === 'cold_start_ms')
  const by = <T>(pick: (c: (typeof cold)[number]) => T) => Object.fromEntries(cold.map((c) => [c.runtime, pick(c)]))
  return { code: run.code, seconds: run.seconds, verdicts: by((c) => c.verdict), ratios: by((c) => c.ratio), detectable: by((c) => c.detectable) }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const secs = (runs: AbRun[]) => `median ${median(runs.map((r) => r.seconds)).toFixed(0)} s, max ${Math.max(...runs.map((r) => r.seconds)).toFixed(0)} s`

async function main(): Promise<void> {
  const args = gateArgs()
  const dir = mkdtempSync(join(tmpdir(), 'isobench-gate-bench-'))
  const common = ['--precision', args.precision, '--threshold', args.threshold, '--max-time', args.maxTime]
  try {
    const medians = await baseMedians(args.runtimes, join(dir, 'base'))
    log(`# base medians: ${args.runtimes.map((r) => `${r} ${medians[r]!.toFixed(2)} ms`).join(', ')}`)
    const hog = startHog(args.hogs)
    const aa: AbRun[] = []
    const ab: Record<string, AbRun[]> = {}
    try {
      for (let i = 0; i < args.pairs; i++) {
        aa.push(await abOnce(['--base', '.', '--head', '.', '-R', args.runtimes.join(','), ...common], join(dir, 'aa')))
        log(`# A/A ${i + 1}/${args.pairs}: exit ${aa.at(-1)!.code}, ${aa.at(-1)!.seconds.toFixed(0)} s, ${args.runtimes.map((r) => `${r} ${aa.at(-1)!.verdicts[r]} ±${pct(aa.at(-1)!.detectable[r]!)}`).join(', ')}`)
      }
      for (const runtime of args.runtimes) {
        const added = (ADDED[runtime.split(':')[0]!] ?? 0.1) * medians[runtime]!
        const iterations = await spinIterations(runtime, added)
        const head = headWorkload(dir, runtime, added, iterations)
        log(`# ${runtime}: head spins ${iterations} iterations at load (${added.toFixed(2)} ms, calibrated in a fresh ${runtime.startsWith('isolate') ? 'isolate' : 'node process'})`)
        ab[runtime] = []
        for (let i = 0; i < args.pairs; i++) {
          ab[runtime].push(await abOnce(['--base', '.', '--head', `workload=${head}`, '-R', runtime, ...common], join(dir, 'ab')))
          const last = ab[runtime].at(-1)!
          log(`# A/B ${runtime} +${added.toFixed(2)} ms ${i + 1}/${args.pairs}: exit ${last.code}, ${last.seconds.toFixed(0)} s, ratio ${last.ratios[runtime]?.toFixed(3)} ±${pct(last.detectable[runtime]!)}, ${last.verdicts[runtime]}`)
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
      console.log(`gate A/B ${runtime} (+${pct(ADDED[runtime.split(':')[0]!] ?? 0.1)} of the base median): detected ${caught} of ${runs.length}; measured ratio median ${median(runs.map((r) => r.ratios[runtime]!)).toFixed(3)}; ${secs(runs)} per run (target: ≥ 18 of 20)`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  log(`bench:gate failed: ${(error as Error).message}`)
  process.exitCode = 1
})
