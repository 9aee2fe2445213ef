/** The help texts: examples and what the exit codes mean, per command. */
import { EXIT, EXIT_MEANINGS } from '../errors.js'

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

export const MAIN_HELP = `
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
  $ isobench compare baseline.json current.json --threshold cold_start_ms=50%,memory_*=10%   exit 1 on a regression
  $ isobench ab -s cold-start --base ../base --head . --precision 5%  base and head interleaved: exit 1 on a regression
  $ isobench merge a.json b.json --out results/fleet          many hosts as one result: runtime × host
  $ isobench init                                            scaffold a scenario, a workload and a GitHub workflow here
`

export const RUN_HELP = `
Cold start is timed from the scheduler's decision to start an instance to the handler's first
response arriving back. Runtimes are interleaved run by run; warm-up runs are discarded. Every
runtime gets the same minimal environment and node flags. A runtime that is not available here is
skipped with the reason and the fix, unless you named it with --runtime (then: exit 2).

Examples:
  $ isobench run --scenario cold-start --runs 5
  $ isobench run -s cold-start -R docker,isolate -r 10 -w 1 --image node:20-slim
  $ isobench run -s cold-start --out /tmp/results --json | jq '.scenarios[0].runtimes[].summaries[0]'
  $ isobench run -s all                                  every shipped scenario, then the claims summary
  $ isobench run -s density --steps 1,10,100 --max-instances isolate=100,*=10 --memory-budget 2048
  $ isobench run -s warm-invoke,memory -R isolate,process --runs 200 --instances 20
  $ isobench run -s ./bench/cold-start.json --baseline bench/baseline.json --threshold cold_start_ms=50%,10%

Exit codes: 0 ok, 1 regression (--baseline only), 2 bad input or a named runtime missing, 3 some
samples or runtimes failed (not with --ignore-failure), 70 internal error, 130 SIGINT, 143 SIGTERM.`

export const COMPARE_HELP = `
Verdicts (every metric is lower-is-better; t = threshold, CI = the 95% percentile-bootstrap interval
of median(current) / median(baseline) over the measured samples):
  regressed     CI low > 1 + t
  improved      CI high < 1 − t
  unchanged     CI within [1 − t, 1 + t]
  inconclusive  otherwise (too noisy to tell), or fewer than 3 samples a side
Only "regressed" fails (exit 1). --threshold takes a default and per-metric patterns
(cold_start_ms=50%,memory_*=10%,5%): a metric takes the first pattern that matches it, else the
default. Differences in CPU, Node, Docker, image, limits, machine load or
the workload's source are printed as warnings. With GITHUB_ACTIONS=true they are ::warning workflow
commands instead, and each regression an ::error. The Markdown report is appended to --summary FILE
(default: $GITHUB_STEP_SUMMARY when set) while the table goes to the terminal.
On a shared machine, alternate runs of the two sides (A B B A A B, 3+ a side) and pass each side's
files comma-separated: load drifting between runs falls on both alike, and the comparison goes run
by run (each run's median is one sample).

Exit codes: 0 no regression, 1 regression, 2 missing or malformed file, incompatible schemaVersion,
nothing in common, 3 the current side has failed samples (not with --ignore-failure), 70 internal
error (a bug in isobench).

Examples:
  $ isobench compare results/baselines/cold-start.json results/20261123T080000Z-cold-start.json
  $ isobench compare base.json new.json --threshold 50% --metric cold_start_ms -R process,isolate
  $ isobench compare base.json new.json -t cold_start_ms=50%,memory_*=10% --summary summary.md
  $ isobench compare base.json new.json --format md >> "$GITHUB_STEP_SUMMARY"
  $ isobench compare a1.json,a2.json,a3.json b1.json,b2.json,b3.json`

export const REPORT_HELP = `
Formats: table (terminal), csv (one row per scenario, runtime and metric), samples-csv (one row per
sample and metric), json (the result, validated), md (GitHub tables for $GITHUB_STEP_SUMMARY and PR
comments), html (one offline file, charts as inline SVG, no script).

Examples:
  $ isobench report results/20261123T073745Z-cold-start.json --format md >> "$GITHUB_STEP_SUMMARY"
  $ isobench report results/20261123T073745Z-cold-start.json --out report.html

Exit codes: 0 ok, 2 a missing, malformed or incompatible result file or an unwritable --out, 70 internal error.`


export const AB_HELP = `
Base and head are measured in one run: every round samples each runtime's base and head back to
back, in alternating order (A B, B A, …), so load drifting during the run falls on both alike. Per
runtime and metric the ratio head/base of each round's pair is taken, and each block of two rounds
(one in each order: the second sample of a round runs faster) gives the geometric mean of its two;
the median of the block ratios is compared, with a 99% CI from resampling blocks. Verdicts follow
Firecracker's A/B rule (p < 0.01): regressed only when the CI lies wholly above 1 and the ratio
is above 1 + threshold (big enough); improved likewise; unchanged when the CI lies within 1 ± t.
Each row also shows the smallest change the run could have detected (±, the CI's half-width).
--threshold, --summary and --ignore-failure work as in compare.

A variant (--base, --head) is one of:
  DIR             a directory, e.g. a git worktree of the base commit: --scenario and its workload
                  are resolved inside it (a shipped name as DIR/scenarios/NAME.json)
  node=PATH       another node binary for the process and docker rows
  image=NAME      another container image for the docker rows
  workload=FILE   another workload file for the same scenario

Exit codes: 0 no regression, 1 regression, 2 bad input (a variant without the scenario, runtimes
missing in one variant, ...), 3 some samples failed (not with --ignore-failure), 70 internal error,
130/143 interrupted (both sides' samples are saved, complete: false).

Examples:
  $ git worktree add ../base origin/main && (cd ../base && npm ci)
  $ isobench ab -s ./bench/cold-start.json --base ../base --head . --precision 5%
  $ isobench ab -s cold-start --base . --head workload=./slow.js -R isolate,process --precision 5%
  $ isobench ab -s cold-start --base . --head node=/opt/node22/bin/node -R process --format md
  $ isobench ab -s cold-start --base ../base --head . -t cold_start_ms=50%,10% --summary summary.md`

export const MERGE_HELP = `
Each file's host is its recorded hostname, or the NAME given as NAME=file; two runs on one host
become host, host#2. Rows keep their runtime name and gain their host; each host keeps its own
environment (hosts[] in the JSON). Same scenario name, different workload bytes (sha256): refused.

Examples:
  $ isobench merge laptop=results/a.json ci=results/b.json --out results/fleet
  $ isobench report results/fleet/<stamp>-merged.json --reference-host ci --format md
  $ kubectl logs -l job-name=isobench --prefix=false > all.jsonl   (see docs/kubernetes.md)`
