/**
 * The noisy-neighbour scenarios end to end on real runtimes, one run per runtime kind (child
 * process, container, isolate in a tenant host): the rows, the victim's status in each variant, the shared budget
 * and what stopped the neighbours. Structure and kernel outcomes only, never a timing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { childCgroupsUnavailable } from '../../src/host/cgroup-limits.js'
import { findRunProcesses } from '../../src/host/proc.js'
import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { labelledContainers, needLimits, REQUIRE_DOCKER, ROOT } from '../helpers.js'

const BIN = join(ROOT, 'bin/isobench.js')
const out = mkdtempSync(join(tmpdir(), 'isobench-e2e-noisy-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs both noisy scenarios on `runtimes` with a short window; returns the multi-scenario result. */
async function runNoisy(runtimes: string, name: string): Promise<Json> {
  const dir = join(out, name)
  const result = await execa(BIN, ['run', '-s', 'noisy-leak,noisy-spin', '-R', runtimes, '--window', '300', '--out', dir], { reject: false, env: { NO_COLOR: '1' }, timeout: 280_000 })
  expect(result.stderr).not.toMatch(/internal error/)
  expect(result.exitCode).toBe(0)
  expect(result.stdout).toContain('noisy-leak (noisy-neighbour)')
  return JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('-multi.json'))!), 'utf8'))
}

const rowOf = (result: Json, scenario: string, runtime: string) => result.scenarios.find((s: Json) => s.name === scenario).runtimes.find((r: Json) => r.runtime === runtime)

/** No budget group of the run is left in any hierarchy. */
function budgetsLeft(runId: string): string[] {
  return readdirSync('/sys/fs/cgroup').flatMap((h) => (existsSync(join('/sys/fs/cgroup', h)) ? readdirSync(join('/sys/fs/cgroup', h)).filter((n) => n.startsWith(`isobench-${runId}-budget-`)) : []))
}

/** A budgeted runtime: the unlimited leak's budget OOM killer takes the victim (it holds the most), the limited one is stopped alone. */
function expectHarmShown(json: Json, runtime: string): void {
  const leak = rowOf(json, 'noisy-leak', runtime)
  expect(leak.status).toBe('ok')
  expect(leak.details.limited).toMatchObject({ neighbourStopped: true, victimAnswersAfter: true, victimError: null, budget: { applied: true, memoryMaxBytes: 448 * 1048576 } })
  // dead within the window (victimError) or after it (no answer): the window may end before the leak fills the budget
  expect(leak.details.unlimited).toMatchObject({ victimAnswersAfter: false, budget: { applied: true } })
  // its own 2048 MiB could not be reached in a 448 MiB budget: an OOM kill of it was the budget's
  if (/OOM kill/.test(leak.details.unlimited.stoppedBy ?? '')) expect(leak.details.unlimited.stoppedBy).toBe("the budget's memory limit (OOM kill)")
  const spin = rowOf(json, 'noisy-spin', runtime)
  expect(spin.details.limited).toMatchObject({ neighbours: Math.max(1, cpus().length), neighbourStopped: true, victimAnswersAfter: true, budget: { applied: true, cpus: 1 } })
  expect(spin.details.unlimited).toMatchObject({ neighbourStopped: false, victimAnswersAfter: true })
}

const docker = await createDockerRuntime({ nodePath: process.execPath }).probe()
describe('noisy neighbours that can harm', () => {
  it('process and isolate: the victim dies beside the unlimited leak in the budget (a child process; a tenant host holding the isolates), and the limit spares it', async (context) => {
    needLimits(await childCgroupsUnavailable(), () => context.skip())
    const json = await runNoisy('process,isolate', 'process')
    expectHarmShown(json, 'process')
    expectHarmShown(json, 'isolate')
    const isolate = rowOf(json, 'noisy-leak', 'isolate')
    expect(isolate.details.limited).toMatchObject({ stoppedBy: 'isolate memoryLimit', budget: { tenantHost: true } })
    expect(isolate.details.unlimited.victimError ?? '').not.toMatch(/was not initialised|knows no runtime/)
    expect(rowOf(json, 'noisy-spin', 'isolate').details.limited).toMatchObject({ stoppedBy: 'isolate timeout', victimAnswersAfter: true, budget: { tenantHost: true } })
    expect(rowOf(json, 'noisy-spin', 'process').details.limited.budget.tenantHost).toBe(false)
    expect(json.claims.map((c: Json) => c.id)).toContain('unlimited-neighbour-harms')
    expect(budgetsLeft(json.runId)).toEqual([])
    expect(await findRunProcesses(json.runId)).toEqual([])
  }, 300_000)

  it.skipIf(!docker.available && !REQUIRE_DOCKER)('docker: the containers join the budget through CgroupParent, and no group or container is left', async () => {
    const json = await runNoisy('docker', 'docker')
    expectHarmShown(json, 'docker')
    expect(await labelledContainers(json.runId)).toBe(0)
    expect(budgetsLeft(json.runId)).toEqual([])
  }, 300_000)
})
