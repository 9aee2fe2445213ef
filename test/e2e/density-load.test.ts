/**
 * Load: the density scenario at its largest default N (as shipped) does not exhaust the machine
 * and cleans up fully, also when interrupted with many instances alive.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { SCENARIO_DIR } from '../../src/scenarios/load.js'
import { labelledContainers, REQUIRE_DOCKER } from '../helpers.js'
import { cgroupsOf, processesMentioning, resultsIn, startCli, tempScenario, testRunId } from './cli.js'

const dockerProbe = await createDockerRuntime({ nodePath: process.execPath }).probe()
const withDocker = dockerProbe.available || REQUIRE_DOCKER
const RUNTIMES = withDocker ? 'docker,process,isolate' : 'process,isolate'

/** MemAvailable and MemTotal from /proc/meminfo, in bytes. */
function meminfo(): { available: number; total: number } {
  const text = readFileSync('/proc/meminfo', 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)![1]) * 1024
  return { available: kb('MemAvailable'), total: kb('MemTotal') }
}

/** The shipped density scenario with a unique copy of its workload (to find its processes). */
function densityScenario() {
  const shipped = JSON.parse(readFileSync(join(SCENARIO_DIR, 'density.json'), 'utf8')) as Record<string, unknown>
  const { $schema: _schema, workload, ...fields } = shipped
  return tempScenario(fields, join('scenarios', String(workload)))
}

describe('density at its largest default N', () => {
  it('finishes within its budgets without exhausting memory, and leaves nothing', async () => {
    const runId = testRunId('density')
    const { dir, file, workloadPath } = densityScenario()
    const out = join(dir, 'out')
    let lowest = meminfo().available
    const floor = Math.max(512 * 1024 * 1024, meminfo().total * 0.1)
    const cli = startCli(['run', '-s', file, '-R', RUNTIMES, '--out', out, '--run-id', runId])
    const watch = setInterval(() => (lowest = Math.min(lowest, meminfo().available)), 200)
    const result = await cli.done.finally(() => clearInterval(watch))
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect([0, 3], result.stderr).toContain(result.code)
    expect(lowest).toBeGreaterThan(floor) // the machine kept memory to spare
    const [saved] = resultsIn(out)
    expect(saved!.complete).toBe(true)
    await sleep(200)
    expect({ containers: withDocker ? await labelledContainers(runId) : 0, processes: processesMentioning(workloadPath), cgroups: cgroupsOf(runId) })
      .toEqual({ containers: 0, processes: [], cgroups: [] })
  }, 600_000)

  it('SIGINT with many instances alive removes every one', async () => {
    const runId = testRunId('density-int')
    const { dir, file, workloadPath } = densityScenario()
    const runtime = withDocker ? 'docker' : 'process'
    const cli = startCli(['run', '-s', file, '-R', runtime, '--out', join(dir, 'out'), '--run-id', runId])
    const deadline = Date.now() + 120_000
    const alive = async () => (runtime === 'docker' ? labelledContainers(runId) : processesMentioning(workloadPath).length)
    while ((await alive()) < 10 && Date.now() < deadline) await sleep(200)
    expect(await alive()).toBeGreaterThanOrEqual(10)
    cli.child.kill('SIGINT')
    const result = await cli.done
    expect(result.code).toBe(130)
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
    expect({ containers: withDocker ? await labelledContainers(runId) : 0, processes: processesMentioning(workloadPath), cgroups: cgroupsOf(runId) })
      .toEqual({ containers: 0, processes: [], cgroups: [] })
  }, 300_000)
})
