/** `isobench run`'s wiring: its options (hyperfine's short flags where they overlap: -r runs, -w warmup; -R runtime) → runCommand. */
import type { Command, OptionValues } from 'commander'
import type { RunGate } from '../commands/compare.js'
import { parseRuntimeList, runCommand } from '../commands/run.js'
import { loadSide } from '../compare/load.js'
import { DEFAULT_OUT_DIR, parseIntegerList, parseIntegerOption, parseMetricList, parsePerRuntimeCount, parseRunId } from '../options.js'
import { RUNTIME_NAMES } from '../runtimes/index.js'
import { shippedScenarioNames } from '../scenarios/load.js'
import { colorOption, colorWanted, dockerHostOption, isGithubActions, limitsFrom, nodeOption, stoppingFrom, withLimitOptions, withPrecisionOptions, type Exit } from './common.js'
import { gateOptionsFrom, withGateOptions } from './gate-options.js'
import { RUN_HELP } from './help.js'

type RunOptions = Parameters<typeof runCommand>[0]

/** The options of `isobench run`, as commander parses them. */
function withRunOptions(command: Command): Command {
  return command
    .requiredOption('-s, --scenario <name|file>', `a shipped scenario (${shippedScenarioNames().join(', ')}), a scenario file, a comma-separated list, or "all" (every shipped one, then a claims summary)`)
    .option('-R, --runtime <list>', `comma-separated runtimes (${RUNTIME_NAMES.join(', ')}; each also as <name>+pool), or all; naming one makes it required`, parseRuntimeList)
    .option('--pool <n>', 'add a <runtime>+pool row beside each runtime: N instances started ahead, a cold start takes one (refilled untimed)', parseIntegerOption('--pool', 1, 64))
    .option('-r, --runs <n>', 'measured runs per runtime (default: the scenario\'s)', parseIntegerOption('--runs', 1))
    .option('-w, --warmup <n>', 'warm-up runs per runtime, discarded (default: the scenario\'s)', parseIntegerOption('--warmup', 0))
    .option('-o, --out <dir>', 'directory for <timestamp>-<scenario, all or multi>.json, .csv, -samples.csv, .md and .html', DEFAULT_OUT_DIR)
    .option('--json', 'print the full result as JSON on stdout instead of the table', false)
    .option('-q, --quiet', 'no progress or file lines on stderr', false)
    .option('--phases', 'also show the cold start phase by phase, and teardown (JSON and CSV always carry them)', false)
    .option('--memory-views', 'also show every memory view apart: process RSS/PSS, cgroup, V8 heap/external', false)
    .option('--claims-detail', 'after the claims matrix, one row per claim and runtime with the figure, its 95% CI and the criterion', false)
    .option('--image <name>', 'container image to use instead of the local node image (must contain node on PATH)')
    .addOption(nodeOption())
    .option('--kernel <path>', 'guest kernel (bzImage) for the qemu runtime (default: the newest /boot/vmlinuz-*)')
    .addOption(dockerHostOption())
    .option('--strict-output', 'exit 3 when the runtimes\' first outputs differ (by default the table only says so)', false)
    .option('--instances <n|rt=n,..>', 'memory: live instances per runtime (e.g. 10 or isolate=100,*=10)', parsePerRuntimeCount('--instances'))
    .option('--steps <list>', 'density: instance counts to step through (e.g. 1,10,100,1000)', parseIntegerList('--steps'))
    .option('--max-instances <n|rt=n,..>', 'density: most live instances per runtime (e.g. isolate=1000,process=100,docker=50)', parsePerRuntimeCount('--max-instances'))
    .option('--memory-budget <mb>', 'density and memory: start no more instances once host MemAvailable fell by this many MiB (default: half of it, at most 8192)', parseIntegerOption('--memory-budget', 1, 1_048_576))
    .option('--time-budget <s>', 'density: stop stepping a runtime after this many seconds', parseIntegerOption('--time-budget', 1, 86_400))
    .option('--window <ms>', 'noisy-neighbour: how long the victim is watched, alone and beside the neighbour', parseIntegerOption('--window', 100, 600_000))
    .option('--baseline <file>', 'compare the result with this baseline result (as isobench compare does): exit 1 on regression')
    .option('--compare-metric <list>', 'with --baseline: metrics to compare, or all (default: all but phases, teardown and PSS)', parseMetricList('--compare-metric'))
    .option('--require-limits', 'exit 2 when the pids or memory limit of a child process (process, deno, workerd cgroups) cannot be applied here, instead of a note under the table', false)
    .option('--run-id <id>', 'label for this run\'s containers (isobench=<id>); default: timestamp + random', parseRunId('--run-id'))
    .addOption(colorOption())
    .option('--reference <runtime>', 'the row ratios are against (default: the fastest; cpu: process); the header names it')
    .option('--wide', 'every column, whatever the terminal\'s width (else the table is fitted: node, p95, min–max, memory and n columns go first, then cells wrap)', false)
    .option('-v, --verbose', 'every line under the tables (default: grouped into a few)', false)
}

/** The width to fit tables to: the terminal's columns, else $COLUMNS, else none (piped output is not fitted). */
export function terminalWidth(stdout: { isTTY?: boolean; columns?: number }, env: Readonly<Record<string, string | undefined>>): number | undefined {
  if (stdout.isTTY && stdout.columns) return stdout.columns
  const columns = Number(env.COLUMNS)
  return Number.isInteger(columns) && columns > 0 ? columns : undefined
}

/** `run`'s parsed options → runCommand's options (loads the --baseline file). */
async function runOptionsFrom(opts: OptionValues): Promise<RunOptions> {
  const flags = gateOptionsFrom(opts)
  const gate: RunGate | undefined = opts.baseline && {
    ...flags,
    baseline: await loadSide(opts.baseline, 'baseline'),
    metrics: opts.compareMetric,
    format: 'table',
    color: colorWanted(opts.color),
    githubActions: isGithubActions(),
    toStderr: opts.json,
  }
  return {
    scenario: opts.scenario,
    runtimes: opts.runtime,
    pool: opts.pool,
    runs: opts.runs,
    warmup: opts.warmup,
    out: opts.out,
    json: opts.json,
    quiet: opts.quiet,
    phases: opts.phases,
    memoryViews: opts.memoryViews,
    claimsDetail: opts.claimsDetail,
    strictOutput: opts.strictOutput,
    color: colorWanted(opts.color),
    image: opts.image,
    nodePath: opts.node,
    kernelPath: opts.kernel,
    dockerHost: opts.dockerHost,
    limits: limitsFrom(opts),
    overrides: {
      instances: opts.instances,
      steps: opts.steps,
      maxInstances: opts.maxInstances,
      memoryBudgetMb: opts.memoryBudget,
      timeBudgetS: opts.timeBudget,
      windowMs: opts.window,
      precision: stoppingFrom(opts),
    },
    runId: opts.runId,
    gate,
    requireLimits: opts.requireLimits,
    ignoreFailure: flags.ignoreFailure,
    reference: opts.reference,
    wide: opts.wide,
    width: terminalWidth(process.stdout, process.env),
    verbose: opts.verbose,
  }
}

/** `isobench run`: its options, --precision's, the gate's (for --baseline), its help. */
export function addRun(program: Command, exit: Exit): void {
  withGateOptions(withLimitOptions(withPrecisionOptions(withRunOptions(program
    .command('run')
    .description('run a scenario on the runtimes and print a comparison table (results saved as JSON and CSV)')))))
    .addHelpText('after', RUN_HELP)
    .action(async (opts) => exit(await runCommand(await runOptionsFrom(opts))))
}

