// Fails unless every named runtime produced real cold-start numbers in a result JSON.
// Usage: node .ci/assert-rows.mjs result.json docker process isolate
import { readFileSync } from 'node:fs'

const [file, ...wanted] = process.argv.slice(2)
const result = JSON.parse(readFileSync(file, 'utf8'))
let failed = false
for (const scenario of result.scenarios) {
  for (const name of wanted) {
    const row = scenario.runtimes.find((r) => r.runtime === name)
    const cold = row?.summaries.find((s) => s.metric === 'cold_start_ms')
    const ok = row?.status === 'ok' && cold && cold.n > 0 && cold.median > 0
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${scenario.name} ${name}: ${row ? `${row.status}${cold ? `, n=${cold.n}, median ${cold.median.toFixed(2)} ms` : ''}${row.reason ? `, ${row.reason}` : ''}` : 'no row'}`)
    if (!ok) failed = true
  }
}
console.log(`node ${result.environment.node}, complete=${result.complete}`)
process.exit(failed ? 1 : 0)
