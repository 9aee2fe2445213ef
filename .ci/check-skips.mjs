#!/usr/bin/env node
// Fails when vitest's JSON report (--reporter=json --outputFile=FILE) has a skipped or todo test that
// .ci/allowed-skips.json does not list with a reason: a suite must not go green by skipping.
// Usage: node .ci/check-skips.mjs vitest.json
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

const [reportPath] = process.argv.slice(2)
if (!reportPath) {
  console.error('usage: node .ci/check-skips.mjs <vitest json report>')
  process.exit(2)
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'))
const { allowed } = JSON.parse(readFileSync(new URL('./allowed-skips.json', import.meta.url), 'utf8'))
for (const entry of allowed) {
  if (!entry.file || !entry.test || !entry.reason) {
    console.error(`allowed-skips.json: every entry needs file, test and reason: ${JSON.stringify(entry)}`)
    process.exit(2)
  }
}

const skipped = report.testResults.flatMap((file) =>
  file.assertionResults
    .filter((test) => test.status !== 'passed' && test.status !== 'failed')
    .map((test) => ({ file: relative(process.cwd(), file.name), test: test.fullName, status: test.status })),
)
const allowedFor = (skip) => allowed.find((entry) => entry.file === skip.file && new RegExp(entry.test).test(skip.test))
const unexplained = skipped.filter((skip) => !allowedFor(skip))
console.log(`vitest: ${report.numTotalTests} tests, ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped.length} skipped or todo (${skipped.length - unexplained.length} on the allow-list)`)
for (const skip of skipped) {
  const entry = allowedFor(skip)
  console.log(`  ${entry ? 'allowed' : 'NOT ALLOWED'} ${skip.status}: ${skip.file} > ${skip.test}${entry ? ` (${entry.reason})` : ''}`)
}
if (unexplained.length > 0) {
  console.error(`${unexplained.length} skipped test(s) are not on .ci/allowed-skips.json: make them run here, or list them there with the reason`)
  process.exit(1)
}
if (!report.success && report.numFailedTests === 0) console.error('vitest reported failure (a file failed to load?)')
