/**
 * Command-line wiring: argv → commands/*, one small function per subcommand. The one catch site:
 * every error ends in `main`, which prints it and picks the exit code.
 */
import { Command, CommanderError, Option, type OptionValues } from 'commander'
import { abCommand } from './commands/ab.js'
import { cleanCommand } from './commands/clean.js'
import { doctorCommand } from './commands/doctor.js'
import { COMPARE_FORMATS, compareCommand, type RunGate } from './commands/compare.js'
import { loadSide } from './compare/load.js'
import { imageBuildCommand, vmImageBuildCommand } from './commands/image.js'
import { listCommand } from './commands/list.js'
import { mergeCommand } from './commands/merge.js'
import { reportCommand } from './commands/report.js'
import { schemaCommand } from './commands/schema.js'
import { parseRuntimeList, runCommand } from './commands/run.js'
import { TOOL_VERSION } from './environment.js'
import { EXIT, EXIT_MEANINGS, InternalError, IsobenchError, UsageError } from './errors.js'
import { oneLine } from './format.js'
import { DEFAULT_MEMORY_MB, DEFAULT_OUT_DIR, DEFAULT_PIDS_LIMIT, DEFAULT_TIMEOUT_MS, parseByteSize, parseCpus, parseDuration, parseIntegerList, parsePrecision, stoppingRuleFrom, DEFAULT_STOPPING, AB_STOPPING, parseIntegerOption, parseMetricList, parseNameList, parsePerRuntimeCount, parseRelaxList, parseRunId, parseThreshold } from './options.js'
import { FORMAT_NAMES } from './report/formats.js'
import { DEFAULT_THRESHOLD } from './analysis/stats/compare.js'
import { RELAXATION_NAMES } from './runtimes/hardening.js'
import { RUNTIME_NAMES } from './runtimes/index.js'
import { shippedScenarioNames } from './scenarios/load.js'

/** Receives the exit code of the command that ran. */
type Exit = (code: number) => void
type RunOptions = Parameters<typeof runCommand>[0]

const nodeOption = () =>
  new Option('--node <path>', 'node binary for the process and docker runtimes (the image is built from it)').default(process.execPath, 'the node running isobench')

const dockerHostOption = () =>
  new Option('--docker-host <url>', 'the Docker engine: unix:///path, tcp://HOST:PORT (TLS with DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH) or ssh://user@HOST (default: DOCKER_HOST, the docker CLI\'s current context, /var/run/docker.sock)')

const thresholdOption = (rule = 'regressed only when the whole 95% CI of current/baseline lies above 1 + threshold') =>
  new Option('-t, --threshold <percent>', `regression threshold: ${rule}`)
    .argParser(parseThreshold)
    .default(DEFAULT_THRESHOLD, '10%')

function isGithubActions(): boolean {
  return process.env.GITHUB_ACTIONS === 'true'
}

function colorWanted(): boolean {
  return Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env)
}

/** Every exit code with its meaning, wrapped for the main help. */
export function exitCodesHelp(): string {
  const codes = (Object.keys(EXIT) as (keyof typeof EXIT)[]).map((name) => `${EXIT[name]} ${EXIT_MEANINGS[name]}`)
  const lines: string[] = []
  let line = 'Exit codes:'
  for (const [i, code] of codes.entries()) {
    const piece = ` ${code}${i < codes.length - 1 ? ',' : '.'}`
    if (line.length + piece.length > 100) {
      lines.push(line)
      line = piece.trimStart()
    } else line += piece
  }
  return [...lines, line].join('\n')
}

const MAIN_HELP = `
Examples:
  $ isobench run --scenario cold-start                       every available runtime, 30 runs each
  $ isobench run --scenario cold-start --runtime isolate,process --runs 50 --warmup 5
  $ isobench run --scenario ./my-scenario.json --json > result.json
  $ isobench report results/<stamp>-cold-start.json --format md >> "$GITHUB_STEP_SUMMARY"
  $ isobench run --scenario all                              every scenario, then the claims summary
  $ isobench list                                            scenarios, runtimes, what is available here
  $ isobench doctor                                          environment, what is missing and how to fix it
  $ isobench schema > scenario.schema.json                   the JSON Schema of scenario files
  $ isobench image build                                     the local node image (no registry needed)
  $ isobench compare baseline.json current.json --threshold 10%   exit 1 on a regression
  $ isobench ab -s cold-start --base ../base --head . --precision 5%  base and head interleaved: exit 1 on a regression
  $ isobench merge a.json b.json --out results/fleet          many hosts as one result: runtime × host
`

const RUN_HELP = `
Cold start is timed from the scheduler's decision to start an instance to the handler's first
response arriving back. Runtimes are interleaved run by run; warm-up runs are discarded. Every
runtime gets the same minimal environment and node flags. A runtime that is not available here is
skipped with the reason and the fix, unless you named it with --runtime (then: exit 2).

Examples:
  $ isobench run --scenario cold-start --runs 5
  $ isobench run -s cold-start -r docker,isolate --image node:20-slim
  $ isobench run -s cold-start --out /tmp/results --json | jq '.scenarios[0].runtimes[].summaries[0]'
  $ isobench run -s all                                  every shipped scenario, then the claims summary
  $ isobench run -s density --steps 1,10,100 --max-instances isolate=100,*=10 --memory-budget 2048
  $ isobench run -s warm-invoke,memory -r isolate,process --runs 200 --instances 20`

const COMPARE_HELP = `
Verdicts (every metric is lower-is-better; t = threshold, CI = the 95% percentile-bootstrap interval
of median(current) / median(baseline) over the measured samples):
  regressed     CI low > 1 + t
  improved      CI high < 1 − t
  unchanged     CI within [1 − t, 1 + t]
  inconclusive  otherwise (too noisy to tell), or fewer than 3 samples a side
Only "regressed" fails (exit 1). Differences in CPU, Node, Docker, image, limits, machine load or
the workload's source are printed as warnings. With GITHUB_ACTIONS=true they are ::warning workflow
commands instead, and each regression an ::error.
On a shared machine, alternate runs of the two sides (A B B A A B, 3+ a side) and pass each side's
files comma-separated: load drifting between runs falls on both alike, and the comparison goes run
by run (each run's median is one sample).

Exit codes: 0 no regression, 1 regression, 2 missing or malformed file, incompatible schemaVersion,
nothing in common, 70 internal error (a bug in isobench).

Examples:
  $ isobench compare results/baselines/cold-start.json results/20261123T080000Z-cold-start.json
  $ isobench compare base.json new.json --threshold 50% --metric cold_start_ms --runtime process,isolate
  $ isobench compare base.json new.json --format md >> "$GITHUB_STEP_SUMMARY"
  $ isobench compare a1.json,a2.json,a3.json b1.json,b2.json,b3.json`

const REPORT_HELP = `
Formats: table (terminal), csv (one row per scenario, runtime and metric), samples-csv (one row per
sample and metric), json (the result, validated), md (GitHub tables for $GITHUB_STEP_SUMMARY and PR
comments), html (one offline file, charts as inline SVG, no script).

Examples:
  $ isobench report results/20261123T073745Z-cold-start.json --format md >> "$GITHUB_STEP_SUMMARY"
  $ isobench report results/20261123T073745Z-cold-start.json --out report.html`

type StoppingDefaults = typeof DEFAULT_STOPPING | typeof AB_STOPPING

/** --precision and its bounds, for `run` and `ab` (each with its own default bounds). */
function withPrecisionOptions(command: Command, defaults: StoppingDefaults = DEFAULT_STOPPING): Command {
  return command
    .option('--precision <percent>', 'cold start: sample each runtime until the 95% CI of its median (ab: the 99% CI of the paired ratio) is within ±percent, instead of a fixed --runs', parsePrecision)
    .option('--min-runs <n>', `with --precision: at least this many runs per runtime (default ${defaults.minRuns})`, parseIntegerOption('--min-runs', 3))
    .option('--max-runs <n>', `with --precision: at most this many runs per runtime (default ${defaults.maxRuns})`, parseIntegerOption('--max-runs', 3))
    .option('--max-time <duration>', `with --precision: stop sampling after this long, e.g. 90s or 2m (default ${defaults.maxTimeMs / 1000}s)`, parseDuration('--max-time'))
}

/** The stopping rule of --precision (a fixed --runs with it is an error: one or the other). */
function stoppingFrom(opts: OptionValues, defaults: StoppingDefaults = DEFAULT_STOPPING) {
  const rule = stoppingRuleFrom({ precision: opts.precision, minRuns: opts.minRuns, maxRuns: opts.maxRuns, maxTimeMs: opts.maxTime }, defaults)
  if (rule && opts.runs !== undefined) throw new UsageError('--runs and --precision both choose how many runs to make', 'drop --runs (bound --precision with --min-runs/--max-runs) or drop --precision')
  return rule
}

/** The per-instance limits and hardenings, for `run` and `ab` (one definition, one reading: limitsFrom). */
function withLimitOptions(command: Command): Command {
  return command
    .option('--memory <mb>', `memory cap per instance: container limit (+64 MiB headroom), node heap cap, isolate memoryLimit (default: the scenario's, else ${DEFAULT_MEMORY_MB})`, parseIntegerOption('--memory', 8, 65536))
    .option('--timeout <ms>', `per start and per request timeout (default: the scenario's, else ${DEFAULT_TIMEOUT_MS})`, parseIntegerOption('--timeout', 1, 3_600_000))
    .option('--pids-limit <n>', `container pids limit, node needs ~7 tasks (default: the scenario's, else ${DEFAULT_PIDS_LIMIT})`, parseIntegerOption('--pids-limit', 8, 100_000))
    .option('--max-output <size>', 'largest answer a handler may return, as bytes of JSON (e.g. 1MiB, 64k); larger fails that sample (default: 1MiB)', parseByteSize('--max-output'))
    .option('--cpus <n>', 'container CPU quota in cores, 0 = none (default: the scenario\'s, else 0)', parseCpus)
    .option('--relax <list>', `relax hardenings by name (${RELAXATION_NAMES.join(', ')}); recorded in the result`, parseRelaxList)
    .option('--no-harden', 'relax every hardening (the per-request --timeout stays)')
}

/** The limits given on the command line (those not given are left to the scenario and the defaults). */
function limitsFrom(opts: OptionValues) {
  return Object.fromEntries(Object.entries({
    memoryMb: opts.memory,
    timeoutMs: opts.timeout,
    pidsLimit: opts.pidsLimit,
    cpus: opts.cpus,
    maxOutputBytes: opts.maxOutput,
    relax: opts.harden === false ? RELAXATION_NAMES : opts.relax,
  }).filter(([, v]) => v !== undefined))
}

/** The options of `isobench run`, as commander parses them. */
function withRunOptions(command: Command): Command {
  return command
    .requiredOption('-s, --scenario <name|file>', `a shipped scenario (${shippedScenarioNames().join(', ')}), a scenario file, a comma-separated list, or "all" (every shipped one, then a claims summary)`)
    .option('-r, --runtime <list>', `comma-separated runtimes (${RUNTIME_NAMES.join(', ')}; each also as <name>+pool), or all; naming one makes it required`, parseRuntimeList)
    .option('--pool <n>', 'add a <runtime>+pool row beside each runtime: N instances started ahead, a cold start takes one (refilled untimed)', parseIntegerOption('--pool', 1, 64))
    .option('-n, --runs <n>', 'measured runs per runtime (default: the scenario\'s)', parseIntegerOption('--runs', 1))
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
    .addOption(thresholdOption())
    .option('--compare-metric <list>', 'with --baseline: metrics to compare, or all (default: all but phases, teardown and PSS)', parseMetricList('--compare-metric'))
        .option('--require-limits', 'exit 2 when the pids or memory limit of a child process (process, deno, workerd cgroups) cannot be applied here, instead of a note under the table', false)
    .option('--run-id <id>', 'label for this run\'s containers (isobench=<id>); default: timestamp + random', parseRunId('--run-id'))
}

/** `run`'s parsed options → runCommand's options (loads the --baseline file). */
async function runOptionsFrom(opts: OptionValues): Promise<RunOptions> {
  const gate: RunGate | undefined = opts.baseline && {
    baseline: await loadSide(opts.baseline, 'baseline'),
    threshold: opts.threshold,
    metrics: opts.compareMetric,
    format: 'table',
    color: colorWanted(),
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
    color: colorWanted(),
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
  }
}

function addRun(program: Command, exit: Exit): void {
  withLimitOptions(withPrecisionOptions(withRunOptions(program
    .command('run')
    .description('run a scenario on the runtimes and print a comparison table (results saved as JSON and CSV)'))))
    .addHelpText('after', RUN_HELP)
    .action(async (opts) => exit(await runCommand(await runOptionsFrom(opts))))
}

function addCompare(program: Command, exit: Exit): void {
  program
    .command('compare')
    .description('compare a result with a baseline: per scenario × runtime × metric, the ratio of medians current/baseline with its 95% bootstrap CI and a verdict (improved, unchanged, regressed, inconclusive); exit 1 on regression')
    .argument('<baseline>', 'baseline result (.json written by isobench run); a,b,c pools alternated runs')
    .argument('<current>', 'current result (.json written by isobench run); a,b,c pools alternated runs')
    .addOption(thresholdOption())
    .option('-m, --metric <list>', 'metrics to compare, or all (default: every metric in both but the diagnostic ones: phase_*, teardown_ms, *_pss_bytes)', parseMetricList('--metric'))
    .option('-r, --runtime <list>', 'only these runtimes (default: every runtime measured in both)', parseNameList('--runtime', 'process,isolate'))
    .addOption(new Option('-f, --format <format>', 'output: a terminal table, Markdown (for $GITHUB_STEP_SUMMARY and PR comments) or JSON').choices(COMPARE_FORMATS).default('table'))
    .addHelpText('after', COMPARE_HELP)
    .action(async (baseline: string, current: string, opts) => {
      exit(await compareCommand({
        baseline,
        current,
        threshold: opts.threshold,
        metrics: opts.metric,
        runtimes: opts.runtime,
        format: opts.format,
        color: colorWanted(),
        githubActions: isGithubActions(),
      }))
    })
}

const AB_HELP = `
Base and head are measured in one run: every round samples each runtime's base and head back to
back, in alternating order (A B, B A, …), so load drifting during the run falls on both alike. Per
runtime and metric the ratio head/base of each round's pair is taken, and each block of two rounds
(one in each order: the second sample of a round runs faster) gives the geometric mean of its two;
the median of the block ratios is compared, with a 99% CI from resampling blocks. Verdicts follow
Firecracker's A/B rule (p < 0.01): regressed only when the CI lies wholly above 1 and the ratio
is above 1 + threshold (big enough); improved likewise; unchanged when the CI lies within 1 ± t.
Each row also shows the smallest change the run could have detected (±, the CI's half-width).

A variant (--base, --head) is one of:
  DIR             a directory, e.g. a git worktree of the base commit: --scenario and its workload
                  are resolved inside it (a shipped name as DIR/scenarios/NAME.json)
  node=PATH       another node binary for the process and docker rows
  image=NAME      another container image for the docker rows
  workload=FILE   another workload file for the same scenario

Exit codes: 0 no regression, 1 regression, 2 bad input (a variant without the scenario, runtimes
missing in one variant, ...), 3 some samples failed, 70 internal error, 130/143 interrupted (both
sides' samples are saved, complete: false).

Examples:
  $ git worktree add ../base origin/main && (cd ../base && npm ci)
  $ isobench ab -s ./bench/cold-start.json --base ../base --head . --precision 5%
  $ isobench ab -s cold-start --base . --head workload=./slow.js -r isolate,process --precision 5%
  $ isobench ab -s cold-start --base . --head node=/opt/node22/bin/node -r process --format md`

function addAb(program: Command, exit: Exit): void {
  withLimitOptions(withPrecisionOptions(program
    .command('ab')
    .description('measure two variants of a scenario (base, head) interleaved in one run and compare them pair by pair: exit 1 on a regression'), AB_STOPPING))
    .requiredOption('-s, --scenario <name|file>', 'a cold-start scenario: a shipped name or a path (resolved inside each directory variant)')
    .requiredOption('--base <variant>', 'the base: a directory (e.g. a git worktree), node=PATH, image=NAME or workload=FILE')
    .requiredOption('--head <variant>', 'the head, the same kinds as --base (e.g. .)')
    .option('-r, --runtime <list>', 'comma-separated runtimes, or all; naming one makes it required on both sides (default: the scenario\'s)', parseRuntimeList)
    .option('-n, --runs <n>', 'rounds (each one sample of base and head per runtime; default: the scenario\'s)', parseIntegerOption('--runs', 1))
    .option('-w, --warmup <n>', 'warm-up rounds, discarded (default: the scenario\'s)', parseIntegerOption('--warmup', 0))
    .addOption(thresholdOption('regressed only when the 99% CI of head/base lies wholly above 1 (significant) and the ratio above 1 + threshold'))
    .option('-m, --metric <list>', 'metrics to compare, or all (default: all but phase_*, teardown_ms and *_pss_bytes)', parseMetricList('--metric'))
    .addOption(new Option('-f, --format <format>', 'output: a terminal table, Markdown or JSON').choices(COMPARE_FORMATS).default('table'))
    .option('-o, --out <dir>', 'directory for <timestamp>-<scenario>-base.json, -head.json and -ab.json', DEFAULT_OUT_DIR)
    .option('-q, --quiet', 'no progress or file lines on stderr', false)
    .option('--pool <n>', 'add a <runtime>+pool row beside each runtime', parseIntegerOption('--pool', 1, 64))
    .option('--image <name>', 'container image for both sides (image=NAME in a variant overrides it)')
    .addOption(nodeOption())
        .option('--run-id <id>', 'label for this run\'s containers (isobench=<id>)', parseRunId('--run-id'))
    .addHelpText('after', AB_HELP)
    .action(async (opts) => {
      exit(await abCommand({
        scenario: opts.scenario,
        base: opts.base,
        head: opts.head,
        rows: opts.runtime,
        pool: opts.pool,
        runs: opts.runs,
        warmup: opts.warmup,
        precision: stoppingFrom(opts, AB_STOPPING),
        threshold: opts.threshold,
        metrics: opts.metric,
        format: opts.format,
        color: colorWanted(),
        githubActions: isGithubActions(),
        out: opts.out,
        quiet: opts.quiet,
        nodePath: opts.node,
        image: opts.image,
        limits: limitsFrom(opts),
        runId: opts.runId,
      }))
    })
}

function addReport(program: Command, exit: Exit): void {
  program
    .command('report')
    .description('render a saved result as a table, CSV, JSON, Markdown or a self-contained HTML page with charts')
    .argument('<result.json>', 'a result file written by `isobench run`')
    .addOption(new Option('-f, --format <format>', 'output format (default: from --out\'s extension, else table)').choices(FORMAT_NAMES))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('-q, --quiet', 'no "wrote" line on stderr', false)
    .option('--reference-host <name>', 'a merged result: the host the others are divided by (default: the first)')
    .option('--claims-detail', 'after the claims matrix, one row per claim and runtime with the figure, its 95% CI and the criterion', false)
    .addHelpText('after', REPORT_HELP)
    .action(async (file: string, opts) => {
      exit(await reportCommand({ file, format: opts.format, out: opts.out, quiet: opts.quiet, color: colorWanted(), referenceHost: opts.referenceHost, claimsDetail: opts.claimsDetail }))
    })
}

const MERGE_HELP = `
Each file's host is its recorded hostname, or the NAME given as NAME=file; two runs on one host
become host, host#2. Rows keep their runtime name and gain their host; each host keeps its own
environment (hosts[] in the JSON). Same scenario name, different workload bytes (sha256): refused.

Examples:
  $ isobench merge laptop=results/a.json ci=results/b.json --out results/fleet
  $ isobench report results/fleet/<stamp>-merged.json --reference-host ci --format md
  $ kubectl logs -l job-name=isobench --prefix=false > all.jsonl   (see docs/kubernetes.md)`

function addMerge(program: Command, exit: Exit): void {
  program
    .command('merge')
    .description('merge results from many hosts (or runs) into one result with a host dimension: per scenario a runtime × host table, each host against a reference host')
    .argument('<results...>', 'result files (.json written by isobench run or merge); NAME=file names the host')
    .option('-o, --out <dir>', 'directory for <stamp>-merged.json, .csv, -samples.csv, .md and .html', DEFAULT_OUT_DIR)
    .option('--reference-host <name>', 'the host the others are divided by (default: the first)')
    .option('--json', 'print the merged result as JSON on stdout instead of the table', false)
    .option('-q, --quiet', 'no "merged" line on stderr', false)
    .addHelpText('after', MERGE_HELP)
    .action(async (files: string[], opts) => {
      exit(await mergeCommand({ files, out: opts.out, referenceHost: opts.referenceHost, json: opts.json, quiet: opts.quiet, color: colorWanted() }))
    })
}

function addSchema(program: Command, exit: Exit): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors: "$schema": "<path to it>")')
    .action(async () => exit(await schemaCommand()))
}

function addList(program: Command, exit: Exit): void {
  program
    .command('list')
    .description('list the shipped scenarios and the runtimes, with whether each is available here and how to fix it')
    .addOption(nodeOption())
    .addOption(dockerHostOption())
    .action(async (opts) => exit(await listCommand({ nodePath: opts.node, dockerHost: opts.dockerHost })))
}

function addDoctor(program: Command, exit: Exit): void {
  program
    .command('doctor')
    .description('print the environment every result records, and what is missing here with how to fix it (exit 0 all there, 3 some missing, 2 no runtime)')
    .addOption(nodeOption())
    .addOption(dockerHostOption())
    .option('--json', 'print the environment and checks as JSON', false)
    .action(async (opts) => exit(await doctorCommand({ nodePath: opts.node, json: opts.json, dockerHost: opts.dockerHost })))
}

function addImage(program: Command, exit: Exit): void {
  program
    .command('image')
    .description('manage the local container image and the qemu guest')
    .command('build')
    .description('build the local node image from a node binary and its libraries (docker import; no registry); --vm: the qemu guest; --self: an image holding isobench itself')
    .addOption(nodeOption())
    .addOption(dockerHostOption())
    .option('--vm', 'build the qemu guest (initramfs + node disk) and time its machine types, instead of the docker image', false)
    .option('--kernel <path>', 'with --vm: the guest kernel (default: the newest /boot/vmlinuz-*)')
    .option('--self', 'build isobench-self:<version>-<node>: this node, dist/ and production node_modules (isolated-vm built for this node); `docker run --rm IMAGE run -s cold-start` runs isobench there', false)
    .action(async (opts) => exit(await (opts.vm ? vmImageBuildCommand({ nodePath: opts.node, kernelPath: opts.kernel }) : imageBuildCommand({ nodePath: opts.node, dockerHost: opts.dockerHost, self: opts.self }))))
}

function addClean(program: Command, exit: Exit): void {
  program
    .command('clean')
    .description('remove what killed runs left: containers labelled isobench, child processes and their cgroups')
    .option('--run <id>', "only this run's containers (the runId in its result file)", parseRunId('--run'))
    .addOption(nodeOption())
    .addOption(dockerHostOption())
    .action(async (opts) => exit(await cleanCommand({ nodePath: opts.node, runId: opts.run, dockerHost: opts.dockerHost })))
}

/** The subcommands, in the order `--help` lists them. */
const SUBCOMMANDS: readonly ((program: Command, exit: Exit) => void)[] = [addRun, addAb, addCompare, addReport, addMerge, addSchema, addList, addDoctor, addImage, addClean]

/** Builds the program; `exit` receives the exit code of the command that ran. */
export function buildProgram(exit: Exit): Command {
  const program = new Command('isobench')
    .description('What does isolation cost? Runs the same JavaScript workload as a Docker container, a Node child\nprocess and a V8 isolate, and compares cold start, warm latency and memory side by side.')
    .version(TOOL_VERSION)
    .showSuggestionAfterError(true)
    .addHelpText('after', `${MAIN_HELP}\n${exitCodesHelp()}`)
  for (const add of SUBCOMMANDS) add(program, exit)
  return program
}

/**
 * Prints an error and returns its exit code: a user error as one line plus its hint; anything
 * else is a bug (InternalError, exit 70): its message, the stack and a request for a bug report.
 */
function printError(error: unknown): number {
  if (error instanceof IsobenchError) {
    process.stderr.write(`error: ${oneLine(error.message)}\n`)
    if (error.hint) process.stderr.write(`hint: ${oneLine(error.hint)}\n`)
    return error.exitCode
  }
  if (error instanceof CommanderError) {
    // commander already printed its one-line message; help and version are not errors
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage
  }
  const internal = InternalError.from(error)
  process.stderr.write(`error: internal error: ${oneLine(internal.message)}\n${internal.stack ?? ''}\n`)
  process.stderr.write('hint: this is a bug in isobench; please report it with the command line, the output above and `isobench doctor --json`\n')
  return internal.exitCode
}

/** Runs isobench on argv (node, script, args...) and returns the exit code; every error ends here. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok
  const program = buildProgram((c) => (code = c))
  const override = (command: Command): void => {
    command.exitOverride()
    command.commands.forEach(override)
  }
  override(program)
  try {
    await program.parseAsync(argv)
  } catch (error) {
    code = printError(error)
  }
  return code
}

/** The process entry (bin/isobench.js): a crash outside any command, e.g. an unhandled rejection, exits 70 too. */
export async function runCli(argv: string[]): Promise<void> {
  process.on('uncaughtException', (error) => process.exit(printError(error)))
  process.exitCode = await main(argv)
}
