// Fails unless a cgroup v2 run (.ci/cgroup-v2.sh, in a guest booted with cgroup2) did what v2 is for:
// the cold-start rows ran with their child cgroups on v2 (as the result says), and noisy-leak's
// budget groups were v2 groups of 448 MiB in which the unlimited leak got the victim OOM-killed
// (harm shown) and the limited one did not, with the harness alive.
// Usage: node .ci/assert-v2.mjs <cold-start result.json> <noisy-leak result.json> <runtime> ...
import { readFileSync } from 'node:fs'

const [coldFile, noisyFile, ...noisyRuntimes] = process.argv.slice(2)
const cold = JSON.parse(readFileSync(coldFile, 'utf8'))
const noisy = JSON.parse(readFileSync(noisyFile, 'utf8'))
let failed = false
const check = (ok, line) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`)
  if (!ok) failed = true
}

for (const result of [cold, noisy]) check(result.environment.cgroup === 'v2', `${result.scenarios[0].name}: environment.cgroup is ${result.environment.cgroup}`)
const processHardening = cold.environment.hardening.process
check(processHardening.cgroup === 'v2' && processHardening.cgroupMemoryBytes > 0 && processHardening.cgroupPidsLimit > 0,
  `cold-start: the process row's hardening says cgroup ${processHardening.cgroup}, memory.max ${processHardening.cgroupMemoryBytes}, pids.max ${processHardening.cgroupPidsLimit}`)
for (const row of cold.scenarios[0].runtimes) {
  const summary = row.summaries.find((s) => s.metric === 'cold_start_ms')
  check(row.status === 'ok' && summary?.n > 0, `cold-start ${row.runtime}: ${row.status}${summary ? `, n=${summary.n}, median ${summary.median.toFixed(1)} ms` : ''}${row.reason ? `, ${row.reason}` : ''}`)
}
for (const name of noisyRuntimes) {
  const row = noisy.scenarios[0].runtimes.find((r) => r.runtime === name)
  const details = row?.details ?? {}
  for (const variant of ['limited', 'unlimited']) {
    const found = details[variant] ?? {}
    const budget = found.budget ?? {}
    check(budget.applied === true && budget.memoryMaxBytes === 448 * 1048576, `noisy-leak ${name} ${variant}: budget ${JSON.stringify(budget)}`)
  }
  // The budget's OOM killer takes the largest process: the victim (its 256 MiB cache), and the
  // neighbour too or not (alone it fits): harm is the victim's death; a neighbour stopped is stopped by the budget.
  const stopped = details.unlimited?.stoppedBy
  check(details.unlimited?.victimAnswersAfter === false && (stopped === null || stopped === "the budget's memory limit (OOM kill)"),
    `noisy-leak ${name} unlimited: victim answers after: ${details.unlimited?.victimAnswersAfter}, neighbour stopped by ${details.unlimited?.stoppedBy}`)
  check(details.limited?.victimAnswersAfter === true, `noisy-leak ${name} limited: victim answers after: ${details.limited?.victimAnswersAfter}, neighbour stopped by ${details.limited?.stoppedBy}`)
  check(details.harnessSurvived === true, `noisy-leak ${name}: harness survived: ${details.harnessSurvived}`)
}
process.exit(failed ? 1 : 0)
