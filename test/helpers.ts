/** Shared test helpers: real runtimes only; nothing here fakes what is measured. */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import Docker from 'dockerode'
import { monotonicNow } from '../src/measure/clock.js'
import type { RunContext, Workload } from '../src/runtimes/types.js'

export const ROOT = resolve(import.meta.dirname, '..')

/** A workload from a path relative to the repo root. */
export function workloadAt(relative: string): Workload {
  const path = resolve(ROOT, relative)
  return { name: basename(path, extname(path)), path, source: readFileSync(path, 'utf8') }
}

/** A run context with a fresh run id, so leftovers can be checked by label. */
export function testContext(overrides: Partial<RunContext['limits']> = {}): RunContext {
  return {
    now: monotonicNow,
    runId: `test-${randomBytes(4).toString('hex')}`,
    limits: { memoryMb: 128, timeoutMs: 20_000, pidsLimit: 64, cpus: 0, ...overrides },
    log: () => {},
  }
}

/** Containers labelled with this run id (any state). */
export async function labelledContainers(runId: string): Promise<number> {
  const list = await new Docker().listContainers({ all: true, filters: { label: [`isobench=${runId}`] } })
  return list.length
}

/** Docker must be tested for real in CI (ISOBENCH_REQUIRE_DOCKER=1); locally it may be absent. */
export const REQUIRE_DOCKER = process.env.ISOBENCH_REQUIRE_DOCKER === '1'

/**
 * The child cgroup limits (process, deno, workerd) must be tested for real in CI
 * (ISOBENCH_REQUIRE_LIMITS=1): then a test that needs them fails where they cannot be applied,
 * instead of skipping itself.
 */
export const REQUIRE_LIMITS = process.env.ISOBENCH_REQUIRE_LIMITS === '1'

/** Skips a test that needs the child limits where they cannot be applied; fails it there when CI requires them. */
export function needLimits(why: string | undefined, skip: () => void): void {
  if (!why) return
  if (REQUIRE_LIMITS) throw new Error(`ISOBENCH_REQUIRE_LIMITS=1, but the child cgroup limits cannot be applied here: ${why}`)
  skip()
}

/**
 * The optional platforms (workerd, deno, wasm) must be tested for real in CI, where npm installs
 * them: ISOBENCH_REQUIRE_PLATFORMS=1, implied by CI's ISOBENCH_REQUIRE_DOCKER=1.
 */
export const REQUIRE_PLATFORMS = process.env.ISOBENCH_REQUIRE_PLATFORMS === '1' || REQUIRE_DOCKER
