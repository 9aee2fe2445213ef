#!/usr/bin/env node
// Validates result files against the shipped JSON Schema (schemas/result.schema.json, 2020-12) with
// ajv, as `report` and `compare` do on read, and prints one line per file. Exit 1 on any invalid file.
// Usage: node .ci/validate-result.mjs result.json...
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'

const schema = JSON.parse(readFileSync(new URL('../schemas/result.schema.json', import.meta.url), 'utf8'))
const validate = new Ajv2020({ allErrors: true }).compile(schema)
let bad = 0
for (const file of process.argv.slice(2)) {
  const doc = JSON.parse(readFileSync(file, 'utf8'))
  if (validate(doc)) {
    const rows = doc.scenarios.flatMap((s) => s.runtimes.map((r) => `${r.runtime}:${r.status}`))
    console.log(`schema ok: ${file} (complete: ${doc.complete}; ${doc.scenarios.map((s) => s.measure).join(',')}; ${rows.length} rows)`)
  } else {
    bad++
    console.error(`schema INVALID: ${file}: ${validate.errors.slice(0, 5).map((e) => `${e.instancePath} ${e.message}`).join('; ')}`)
  }
}
process.exit(bad > 0 ? 1 : 0)
