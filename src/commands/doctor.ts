/**
 * `isobench doctor`: the environment every result records, and each thing isobench needs,
 * with what is missing and how to fix it. Exit 0 when every required part is there (missing
 * optional ones are warnings), 3 when a required one is missing (with --strict: any), 2 when no
 * runtime can run here.
 */
import { access } from 'node:fs/promises'
import { execa } from 'execa'
import { collectEnvironment, TOOL_VERSION } from '../environment.js'
import { EXIT } from '../errors.js'
import { formatBytes } from '../format.js'
import { connectDocker } from '../runtimes/docker/connect.js'
import { imageTagFor } from '../runtimes/docker/image.js'
import { RUNTIMES, RUNTIME_NAMES } from '../runtimes/index.js'
import { nodeVersionOf } from '../host/node-version.js'

/** One line of the diagnosis: a found fact, or a missing piece with its fix. */
export interface Check {
  name: string
  ok: boolean
  detail: string
  fix?: string
  /** A runtime check (decides exit 2 when none is ok). */
  runtime?: boolean
  /** Advice only (a busy machine): printed as WARN, never counted as missing. */
  advisory?: boolean
  /** Needed for isobench to work here as installed; the others (Docker, workerd, Deno, hyperfine, ...) are optional. */
  required?: boolean
}

/**
 * Runtimes that need nothing beyond the package's own dependencies: `doctor` requires them.
 * Docker (and its OCI runtimes), workerd, Deno and QuickJS-in-wasm are optional installs.
 */
export const REQUIRED_RUNTIMES: readonly string[] = ['process', 'worker', 'vm', 'isolate']

async function readable(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false)
}

async function dockerChecks(nodePath: string, dockerHost?: string): Promise<Check[]> {
  const { docker } = connectDocker(dockerHost)
  const checks: Check[] = []
  try {
    const info = (await docker.info()) as { Runtimes?: Record<string, unknown>; DefaultRuntime?: string; CgroupVersion?: string }
    checks.push({ name: 'oci runtimes', ok: true, detail: `default ${info.DefaultRuntime ?? 'runc'}; registered: ${Object.keys(info.Runtimes ?? {}).join(', ')}; daemon cgroup v${info.CgroupVersion ?? '?'}` })
    const [node] = (await nodeVersionOf(nodePath)).split(' ')
    const tag = imageTagFor(node!)
    try {
      const image = await docker.getImage(tag).inspect()
      checks.push({ name: 'image', ok: true, detail: `${tag} ${image.Id.slice(0, 19)} ${formatBytes(image.Size)}` })
    } catch {
      checks.push({ name: 'image', ok: false, detail: `${tag} is not built yet (the first docker run builds it, untimed)`, fix: 'isobench image build' })
    }
  } catch {
    // the docker probe already says why
  }
  return checks
}

/** Every check, runtimes first. */
export async function diagnose(nodePath: string, dockerHost?: string): Promise<Check[]> {
  const runtimes = RUNTIME_NAMES.map((name) => RUNTIMES[name]({ nodePath, dockerHost }))
  const probes = await Promise.all(runtimes.map((runtime) => runtime.probe()))
  const checks: Check[] = runtimes.map((runtime, i) => {
    const probe = probes[i]!
    const required = REQUIRED_RUNTIMES.includes(runtime.name)
    return probe.available
      ? { name: runtime.name, ok: true, runtime: true, required, detail: probe.info.version }
      : { name: runtime.name, ok: false, runtime: true, required, detail: probe.reason, fix: probe.fix }
  })
  if (probes[RUNTIME_NAMES.indexOf('docker')]?.available) checks.push(...(await dockerChecks(nodePath, dockerHost)))
  const snapshotFlag = process.execArgv.includes('--no-node-snapshot')
  checks.push({
    name: 'harness flags',
    required: true,
    ok: snapshotFlag,
    detail: snapshotFlag ? '--no-node-snapshot (isolated-vm needs it on Node 20+)' : 'running without --no-node-snapshot: isolates may crash',
    fix: snapshotFlag ? undefined : 'run bin/isobench.js (its shebang passes it) or node --no-node-snapshot',
  })
  const smaps = await readable('/proc/self/smaps_rollup')
  checks.push({ name: 'process view', required: true, ok: smaps, detail: smaps ? '/proc/<pid>/smaps_rollup readable (RSS, PSS)' : '/proc/<pid>/smaps_rollup missing: no RSS/PSS', fix: smaps ? undefined : 'a Linux kernel >= 4.14 with /proc mounted' })
  const env = collectEnvironment()
  const cgroupFile = env.cgroup === 'v2' ? '/sys/fs/cgroup/memory.stat' : '/sys/fs/cgroup/memory/memory.usage_in_bytes'
  const cgroupOk = env.cgroup !== 'none' && (await readable(cgroupFile))
  checks.push({ name: 'cgroup view', ok: cgroupOk, detail: cgroupOk ? `cgroup ${env.cgroup} memory controller readable` : `no readable cgroup memory controller (${cgroupFile})`, fix: cgroupOk ? undefined : 'mount cgroupfs (v2: the memory controller enabled) to get the containers\' cgroup view' })
  try {
    const { stdout } = await execa('hyperfine', ['--version'], { timeout: 5000 })
    checks.push({ name: 'hyperfine', ok: true, detail: `${stdout.trim()} (npm run bench compares with it)` })
  } catch {
    checks.push({ name: 'hyperfine', ok: false, detail: 'not found: npm run bench cannot compare with an independent tool', fix: 'apt-get install hyperfine' })
  }
  const load = (env.loadAverage as number[])[0]!
  const cores = env.cpuCount as number
  checks.push({ name: 'load', advisory: true, ok: load < cores, detail: `1-minute load ${load} on ${cores} CPUs${load < cores ? '' : ': busy, figures will be noisy'}`, fix: load < cores ? undefined : 'measure on a quiet machine or raise --runs (the table says when a CI is wider than ±5%)' })
  return checks
}

/** Renders the environment and the checks as text. */
export function renderDoctor(env: Record<string, unknown>, checks: Check[]): string {
  const facts: Array<[string, unknown]> = [
    ['isobench', TOOL_VERSION],
    ['cpu', `${env.cpuModel} x ${env.cpuCount}${env.cpuGovernor ? ` (governor ${env.cpuGovernor})` : ''}`],
    ['memory', `${((env.memoryTotalBytes as number) / 2 ** 30).toFixed(1)} GiB`],
    ['os / kernel', `${env.os} / ${env.kernel} ${env.arch}`],
    ['cgroup', env.cgroup],
    ['node / v8', `${env.node} / ${env.v8}`],
    ['isolated-vm', env.isolatedVm ?? 'not installed'],
  ]
  const lines = ['environment (recorded in every result):', ...facts.map(([k, v]) => `  ${k.padEnd(14)} ${v}`), '', 'checks:']
  for (const check of checks) {
    lines.push(`  ${check.ok ? 'ok     ' : check.advisory || !check.required ? 'WARN   ' : 'MISSING'} ${check.name.padEnd(16)} ${check.detail}`)
    if (!check.ok && check.fix) lines.push(`  ${''.padEnd(7)} ${''.padEnd(16)} fix: ${check.fix}`)
  }
  const missing = checks.filter((c) => !c.ok && !c.advisory && c.required)
  const optional = checks.filter((c) => !c.ok && !c.advisory && !c.required)
  lines.push('')
  if (missing.length > 0) lines.push(`missing (required): ${missing.map((c) => c.name).join(', ')} (see the fixes above)`)
  if (optional.length > 0) lines.push(`optional, not here: ${optional.map((c) => c.name).join(', ')} (isobench skips them; doctor --strict fails on them)`)
  if (missing.length + optional.length === 0) lines.push('everything isobench measures is available here')
  else if (missing.length === 0) lines.push('every required part is here')
  return lines.join('\n') + '\n'
}

/** The exit code of a diagnosis: 2 no runtime, 3 a required part missing (--strict: any part), else 0. Pure. */
export function doctorExitCode(checks: readonly Check[], strict: boolean): number {
  if (!checks.some((c) => c.runtime && c.ok)) return EXIT.usage
  return checks.every((c) => c.ok || c.advisory || (!strict && !c.required)) ? EXIT.ok : EXIT.partial
}

/** Prints the diagnosis; the exit code says whether anything needed is missing. */
export async function doctorCommand(options: { nodePath: string; json: boolean; strict?: boolean; dockerHost?: string }): Promise<number> {
  const checks = await diagnose(options.nodePath, options.dockerHost)
  const env = collectEnvironment()
  process.stdout.write(options.json ? JSON.stringify({ environment: env, checks }, null, 2) + '\n' : renderDoctor(env, checks))
  return doctorExitCode(checks, options.strict ?? false)
}
