// isobench bootstrap: runs a workload in a plain `node` (the process and docker runtimes, and worker threads).
// Usage: node bootstrap.mjs <workload.js>
// Protocol, one JSON object per line (requests and answers: protocol.mjs):
//   out: {"ready":true,"compileMs":<import time>} once the handler is loaded, or {"ready":false,"error":"..."} and exit 1
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { answer, loadHandler, messageOf } from './protocol.mjs'

const write = (message) => process.stdout.write(JSON.stringify(message) + '\n')

let handler
let compileMs
try {
  const source = readFileSync(process.argv[2], 'utf8')
  const started = performance.now()
  handler = await loadHandler(source)
  compileMs = performance.now() - started
} catch (error) {
  write({ ready: false, error: messageOf(error) })
  process.exit(1)
}

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => void answer(line, handler, write, () => process.memoryUsage()))
lines.on('close', () => process.exit(0))
write({ ready: true, compileMs })
