/**
 * Nothing leaks: real runs of the built CLI are interrupted mid-run (SIGINT, SIGTERM, a second
 * SIGINT, SIGKILL + `isobench clean --run`), then this run's containers (by its own label), child
 * processes (by the unique workload path or the run's marker in their command line), cgroups and
 * temp dirs (named with the run id) are counted: zero. The SIGINT and the SIGKILL + clean cases
 * go over every registered runtime (each alone, small runs); CI requires every one to be here.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { tmpdir } from 'node:os'
import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { RUNTIMES as REGISTRY, RUNTIME_NAMES } from '../../src/runtimes/index.js'
import { runMarker } from '../../src/host/proc.js'
import { labelledContainers, REQUIRE_DOCKER, REQUIRE_PLATFORMS } from '../helpers.js'
import { cgroupsOf, processesMentioning, readdirSafe, resultsIn, runCli, startCli, tempFilesIn, tempScenario, testRunId } from './cli.js'
import { childCgroupsUnavailable } from '../../src/host/cgroup-limits.js'

const dockerProbe = await createDockerRuntime({ nodePath: process.execPath }).probe()
const withDocker = dockerProbe.available || REQUIRE_DOCKER
const RUNTIMES = withDocker ? 'docker,process,isolate' : 'process,isolate'
/** Every registered runtime that can run here; in CI (ISOBENCH_REQUIRE_*) every one, so a missing one fails. */
const probes = await Promise.all(RUNTIME_NAMES.map((name) => REGISTRY[name]({ nodePath: process.execPath }).probe()))
const HERE = RUNTIME_NAMES.filter((name, i) => probes[i]!.available || REQUIRE_PLATFORMS)
const CHILD_ROWS = ['process', 'deno', 'workerd']
/** Rows whose instances live outside the harness process (they survive its SIGKILL until `clean`). */
const OUTSIDE_ROWS = [...CHILD_ROWS, 'qemu']

/** The command line of a process ('' once it is gone). */
function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
  } catch {
    return ''
  }
}

/** Waits until check() is true (polling), or fails after timeoutMs. */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

/** Leftovers of one run: containers with its label, processes running its workload file or carrying its marker, its cgroups and temp dirs. */
async function leftovers(runId: string, workloadPath: string): Promise<{ containers: number; processes: number[]; cgroups: string[]; tempDirs?: string[] }> {
  const tempDirs = readdirSync(tmpdir()).filter((name) => name.includes(runId))
  return {
    containers: withDocker ? await labelledContainers(runId) : 0,
    processes: [...new Set([...processesMentioning(workloadPath), ...processesMentioning(runMarker(runId))])],
    cgroups: cgroupsOf(runId),
    ...(tempDirs.length > 0 ? { tempDirs } : {}),
  }
}

describe('interrupting a run leaves nothing behind and keeps what was measured', () => {
  if (!withDocker) it.skip(`docker is not available here (${dockerProbe.available ? '' : dockerProbe.reason}); process and isolate only`, () => {})

  // The delays after the first finished sample move the interrupt across a docker start, a
  // process start and an isolate, so different code paths are cut.
  const cases: Array<[NodeJS.Signals, number, number]> = [
    ['SIGINT', 0, 130], ['SIGINT', 300, 130], ['SIGINT', 700, 130],
    ['SIGTERM', 0, 143], ['SIGTERM', 300, 143], ['SIGTERM', 700, 143],
  ]
  it.each(cases)('%s %i ms after the first sample: exit code, zero leftovers, a partial result', async (signal, delayMs, exitCode) => {
    const runId = testRunId('interrupt')
    const { dir, file, workloadPath } = tempScenario({ runs: 200, warmup: 0 })
    const out = join(dir, 'out')
    const cli = startCli(['run', '-s', file, '-R', RUNTIMES, '--out', out, '--run-id', runId])
    await cli.waitForStderr(/samples/)
    await sleep(delayMs)
    cli.child.kill(signal)
    const result = await cli.done
    expect(result.stderr).toContain(`${signal}: stopping every instance`)
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(result.code).toBe(exitCode)
    expect(await leftovers(runId, workloadPath)).toEqual({ containers: 0, processes: [], cgroups: [] })
    const [saved, ...more] = resultsIn(out)
    expect(more).toEqual([])
    expect(saved!.complete).toBe(false)
    expect(saved!.runId).toBe(runId)
    const measured = saved!.scenarios[0].runtimes.flatMap((row: { samples: unknown[] }) => row.samples)
    expect(measured.length).toBeGreaterThan(0)
    expect(tempFilesIn(out)).toEqual([])
  })

  it.each(HERE)('%s alone: SIGINT after its first sample: exit 130, zero leftovers, a partial result', async (runtime) => {
    const runId = testRunId('int-each')
    const { dir, file, workloadPath } = tempScenario({ runs: 1000, warmup: 0 })
    const out = join(dir, 'out')
    const cli = startCli(['run', '-s', file, '-R', runtime, '--out', out, '--run-id', runId])
    await cli.waitForStderr(/samples/)
    cli.child.kill('SIGINT')
    const result = await cli.done
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(result.code, result.stderr).toBe(130)
    expect(await leftovers(runId, workloadPath)).toEqual({ containers: 0, processes: [], cgroups: [] })
    const [saved] = resultsIn(out)
    expect(saved!.complete).toBe(false)
    expect(saved!.scenarios[0].runtimes[0].samples.length).toBeGreaterThan(0)
  })

  // A VM boot takes seconds: Ctrl-C lands mid-boot more often than between samples.
  it.runIf(HERE.includes('qemu'))('qemu: SIGINT while the VM boots, before any sample: exit 130, no VM, process or temp dir left', async () => {
    const runId = testRunId('int-boot')
    const { dir, file, workloadPath } = tempScenario({ runs: 3, warmup: 0 })
    const cli = startCli(['run', '-s', file, '-R', 'qemu', '--out', join(dir, 'out'), '--run-id', runId])
    await until(() => processesMentioning(runMarker(runId)).some((pid) => cmdlineOf(pid).includes('qemu-system')), `a booting qemu of ${runId}`)
    cli.child.kill('SIGINT')
    const result = await cli.done
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(result.code, result.stderr).toBe(130)
    expect(await leftovers(runId, workloadPath)).toEqual({ containers: 0, processes: [], cgroups: [] })
  })

  // noisy-neighbour puts an in-process runtime's instances in a tenant host process inside a budget group.
  it.runIf(HERE.includes('isolate'))('noisy-leak on isolate: SIGINT while the tenant host holds victim and neighbour: exit 130, no host, budget or cgroup left, the variant said interrupted', async (context) => {
    if (await childCgroupsUnavailable()) return context.skip()
    const runId = testRunId('int-host')
    const { dir } = tempScenario({ runs: 1, warmup: 0 })
    const out = join(dir, 'out')
    const cli = startCli(['run', '-s', 'noisy-leak', '-R', 'isolate', '--window', '3000', '--out', out, '--run-id', runId])
    await until(() => processesMentioning(runMarker(runId)).some((pid) => cmdlineOf(pid).includes('tenant-host')), `a tenant host of ${runId}`)
    await sleep(500)
    cli.child.kill('SIGINT')
    const result = await cli.done
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(result.code, result.stderr).toBe(130)
    expect(processesMentioning(runMarker(runId))).toEqual([])
    expect(cgroupsOf(runId)).toEqual([])
    const budgets = ['memory', 'cpu', 'pids'].flatMap((h) => readdirSafe(join('/sys/fs/cgroup', h)).filter((name) => name.startsWith(`isobench-${runId}-`)))
    expect(budgets).toEqual([])
    const [saved] = resultsIn(out)
    expect(saved!.scenarios[0].runtimes[0].details?.limited?.victimError ?? null).toBeNull()
  })

  it('a second SIGINT exits at once and still removes everything', async () => {
    for (let round = 0; round < 3; round++) {
      const runId = testRunId('twice')
      const { dir, file, workloadPath } = tempScenario({ runs: 200, warmup: 0 })
      const cli = startCli(['run', '-s', file, '-R', RUNTIMES, '--out', join(dir, 'out'), '--run-id', runId])
      await cli.waitForStderr(/samples/)
      await sleep(round * 200)
      cli.child.kill('SIGINT')
      await sleep(20)
      cli.child.kill('SIGINT')
      const result = await cli.done
      expect(result.code, `signal ${result.signal}; stderr: ${result.stderr}`).toBe(130)
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
      expect(await leftovers(runId, workloadPath)).toEqual({ containers: 0, processes: [], cgroups: [] })
    }
  })
})

describe('isobench clean --run removes what a SIGKILLed run left', () => {
  // Containers and child processes outlive a SIGKILLed harness (what clean is for); an in-process
  // runtime dies with it, and clean must still leave nothing of the run (temp dirs, cgroups).
  it.each(HERE)('%s: kill -9 of the harness while the handler spins; clean --run removes what is left', async (runtime) => {
    const runId = testRunId('kill9')
    const { dir, file, workloadPath } = tempScenario({ runs: 5, warmup: 0 }, 'test/fixtures/workloads/spin.js')
    const inProcess = !runtime.startsWith('docker') && !OUTSIDE_ROWS.includes(runtime)
    const cli = startCli(['run', '-s', file, '-R', runtime, '--out', join(dir, 'out'), '--run-id', runId, '--timeout', inProcess ? '2000' : '120000'])
    const alive = async () =>
      runtime.startsWith('docker') ? (await labelledContainers(runId)) > 0 : processesMentioning(runMarker(runId)).length + processesMentioning(workloadPath).length > 0
    if (inProcess) await cli.waitForStderr(/samples/)
    else await until(alive, `a live ${runtime} instance of ${runId}`)
    await sleep(300) // the handler is spinning now
    cli.child.kill('SIGKILL')
    await cli.done
    await sleep(300)
    expect(await alive()).toBe(!inProcess) // SIGKILL cannot be caught: what lives outside the harness stays
    const withCgroup = CHILD_ROWS.includes(runtime) && !(await childCgroupsUnavailable())
    expect(cgroupsOf(runId).length > 0).toBe(withCgroup)

    const clean = await runCli(['clean', '--run', runId])
    expect(clean.code).toBe(0)
    if (runtime.startsWith('docker')) expect(clean.stdout).toMatch(/removed 1 container\(s\) of run/)
    else if (!inProcess) expect(clean.stdout).toMatch(/killed [1-9]\d* process\(es\) of run/)
    await until(async () => !(await alive()), `${runtime} leftovers of ${runId} to go`, 10_000)
    expect(await leftovers(runId, workloadPath)).toEqual({ containers: 0, processes: [], cgroups: [] })
    expect(readdirSync(dir)).toContain('scenario.json')
  })
})

describe('an error in the harness mid-run', () => {
  it('results can no longer be written: one line, exit 2, every instance stopped', async () => {
    const runId = testRunId('midrun')
    const { dir, file, workloadPath } = tempScenario({ runs: 200, warmup: 0 })
    const out = join(dir, 'out')
    const cli = startCli(['run', '-s', file, '-R', RUNTIMES, '--out', out, '--run-id', runId])
    await cli.waitForStderr(/samples/)
    rmSync(out, { recursive: true, force: true })
    writeFileSync(out, 'a file where the results directory was\n') // the next checkpoint fails
    const result = await cli.done
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: cannot write results into .*\/out \(EEXIST\)$/m)
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(await leftovers(runId, workloadPath)).toEqual({ containers: 0, processes: [], cgroups: [] })
  })
})
