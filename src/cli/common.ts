/** What every command's wiring shares: the exit callback, the --node, --docker-host, --color and --precision options, and the CI flags of the environment. */
import { Option, type Command, type OptionValues } from 'commander'
import type { StoppingRule } from '../analysis/stopping.js'
import { UsageError } from '../errors.js'
import { DEFAULT_STOPPING, parseDuration, parseIntegerOption, parsePrecision, stoppingRuleFrom } from '../options.js'

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
export function withPrecisionOptions(command: Command): Command {
  return command
    .option('--precision <percent>', 'cold start: sample each runtime until the 95% CI of its median (ab: of the paired ratio) is within ±percent, instead of a fixed --runs', parsePrecision)
    .option('--min-runs <n>', `with --precision: at least this many runs per runtime (default ${DEFAULT_STOPPING.minRuns})`, parseIntegerOption('--min-runs', 3))
    .option('--max-runs <n>', `with --precision: at most this many runs per runtime (default ${DEFAULT_STOPPING.maxRuns})`, parseIntegerOption('--max-runs', 3))
    .option('--max-time <duration>', `with --precision: stop sampling after this long, e.g. 90s or 2m (default ${DEFAULT_STOPPING.maxTimeMs / 1000}s)`, parseDuration('--max-time'))
}

/** The stopping rule of --precision (a fixed --runs with it is an error: one or the other). */
export function stoppingFrom(opts: OptionValues): StoppingRule | undefined {
  const rule = stoppingRuleFrom({ precision: opts.precision, minRuns: opts.minRuns, maxRuns: opts.maxRuns, maxTimeMs: opts.maxTime })
  if (rule && opts.runs !== undefined) throw new UsageError('--runs and --precision both choose how many runs to make', 'drop --runs (bound --precision with --min-runs/--max-runs) or drop --precision')
  return rule
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
