/** What every command's wiring shares: the exit callback, the --node, --docker-host, --color and --precision options, and the CI flags of the environment. */
import { Option, type Command, type OptionValues } from 'commander'
import type { StoppingRule } from '../analysis/stopping.js'
import { UsageError } from '../errors.js'
import { AB_STOPPING, DEFAULT_MEMORY_MB, DEFAULT_PIDS_LIMIT, DEFAULT_STOPPING, DEFAULT_TIMEOUT_MS, parseByteSize, parseCpus, parseDuration, parseIntegerOption, parsePrecision, parseRelaxList, stoppingRuleFrom } from '../options.js'
import { RELAXATION_NAMES } from '../runtimes/hardening.js'

/** Receives the exit code of the command that ran. */
export type Exit = (code: number) => void

/** `--color`'s values. */
export const COLOR_MODES = ['auto', 'always', 'never'] as const
/** One of COLOR_MODES. */
export type ColorMode = (typeof COLOR_MODES)[number]

/** `--node PATH`: the node binary of the process and docker runtimes. */
export const nodeOption = () =>
  new Option('--node <path>', 'node binary for the process and docker runtimes (the image is built from it)').default(process.execPath, 'the node running isobench')

/** `--docker-host URL`: the Docker engine of the docker runtimes. */
export const dockerHostOption = () =>
  new Option('--docker-host <url>', 'the Docker engine: unix:///path, tcp://HOST:PORT (TLS with DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH) or ssh://user@HOST (default: DOCKER_HOST, the docker CLI\'s current context, /var/run/docker.sock)')

/** --precision and its bounds, for `run` and `ab`. */
/** The default bounds of --precision: `run`'s, or `ab`'s (more rounds: a paired ratio needs them). */
export type StoppingDefaults = typeof DEFAULT_STOPPING | typeof AB_STOPPING

export function withPrecisionOptions(command: Command, defaults: StoppingDefaults = DEFAULT_STOPPING): Command {
  return command
    .option('--precision <percent>', 'cold start: sample each runtime until the 95% CI of its median (ab: the 99% CI of the paired ratio) is within ±percent, instead of a fixed --runs', parsePrecision)
    .option('--min-runs <n>', `with --precision: at least this many runs per runtime (default ${defaults.minRuns})`, parseIntegerOption('--min-runs', 3))
    .option('--max-runs <n>', `with --precision: at most this many runs per runtime (default ${defaults.maxRuns})`, parseIntegerOption('--max-runs', 3))
    .option('--max-time <duration>', `with --precision: stop sampling after this long, e.g. 90s or 2m (default ${defaults.maxTimeMs / 1000}s)`, parseDuration('--max-time'))
}

/** The stopping rule of --precision (a fixed --runs with it is an error: one or the other). */
export function stoppingFrom(opts: OptionValues, defaults: StoppingDefaults = DEFAULT_STOPPING): StoppingRule | undefined {
  const rule = stoppingRuleFrom({ precision: opts.precision, minRuns: opts.minRuns, maxRuns: opts.maxRuns, maxTimeMs: opts.maxTime }, defaults)
  if (rule && opts.runs !== undefined) throw new UsageError('--runs and --precision both choose how many runs to make', 'drop --runs (bound --precision with --min-runs/--max-runs) or drop --precision')
  return rule
}

/** The per-instance limits and hardenings, for `run` and `ab` (one definition, one reading: limitsFrom). */
export function withLimitOptions(command: Command): Command {
  return command
    .option('--memory <mb>', `memory cap per instance: container limit (+64 MiB headroom), node heap cap, isolate memoryLimit (default: the scenario's, else ${DEFAULT_MEMORY_MB})`, parseIntegerOption('--memory', 8, 65536))
    .option('--timeout <ms>', `per start and per request timeout (default: the scenario's, else ${DEFAULT_TIMEOUT_MS})`, parseIntegerOption('--timeout', 1, 3_600_000))
    .option('--pids-limit <n>', `container pids limit, node needs ~7 tasks (default: the scenario's, else ${DEFAULT_PIDS_LIMIT})`, parseIntegerOption('--pids-limit', 8, 100_000))
    .option('--max-output <size>', 'largest answer a handler may return, as bytes of JSON (e.g. 1MiB, 64k); larger fails that sample (default: 1MiB)', parseByteSize('--max-output'))
    .option('--cpus <n>', 'CPU quota in cores for each container and child process cgroup, 0 = none (default: the scenario\'s, else 0)', parseCpus)
    .option('--relax <list>', `relax hardenings by name (${RELAXATION_NAMES.join(', ')}); recorded in the result`, parseRelaxList)
    .option('--no-harden', 'relax every hardening (the per-request --timeout stays)')
}

/** The limits given on the command line (those not given are left to the scenario and the defaults). */
export function limitsFrom(opts: OptionValues): Record<string, unknown> {
  return Object.fromEntries(Object.entries({
    memoryMb: opts.memory,
    timeoutMs: opts.timeout,
    pidsLimit: opts.pidsLimit,
    cpus: opts.cpus,
    maxOutputBytes: opts.maxOutput,
    relax: opts.harden === false ? RELAXATION_NAMES : opts.relax,
  }).filter(([, v]) => v !== undefined))
}

/** `--color auto|always|never`. */
export const colorOption = () =>
  new Option('--color <when>', 'colour the tables: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always, never').choices(COLOR_MODES).default('auto')

/**
 * Whether to colour: --color always/never decide; auto follows FORCE_COLOR (set and non-empty; 0 or
 * false turn colour off), then NO_COLOR (set and non-empty), then whether stdout is a terminal. Pure.
 */
export function shouldColor(mode: ColorMode, env: Readonly<Record<string, string | undefined>>, isTty: boolean): boolean {
  if (mode !== 'auto') return mode === 'always'
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false'
  const noColor = env.NO_COLOR
  if (noColor !== undefined && noColor !== '') return false
  return isTty
}

/** shouldColor for this process's environment and stdout. */
export function colorWanted(mode: ColorMode = 'auto'): boolean {
  return shouldColor(mode, process.env, Boolean(process.stdout.isTTY))
}

/** GITHUB_ACTIONS=true: workflow commands (annotations) instead of plain warnings. */
export function isGithubActions(): boolean {
  return process.env.GITHUB_ACTIONS === 'true'
}
