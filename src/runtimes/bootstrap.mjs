// isobench bootstrap: runs a workload in a plain `node` process (the process and docker runtimes).
// Usage: node bootstrap.mjs <workload.js>
// Protocol, one JSON object per line:
//   out: {"ready":true} once the handler is loaded, or {"ready":false,"error":"..."} and exit 1
//   in:  {"id":1,"op":"invoke","input":<json>}  ->  out: {"id":1,"ok":true,"output":<json>}
//                                                         {"id":1,"ok":false,"error":"..."}
//   in:  {"id":2,"op":"memory"}                 ->  out: {"id":2,"ok":true,"output":<process.memoryUsage()>}
// The workload is loaded from its source text through a data: URL, so the same bytes are
// evaluated as an ES module wherever the file sits (no package.json "type" lookup).
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

const write = (message) => process.stdout.write(JSON.stringify(message) + '\n')
const messageOf = (error) =>
  error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error)

let handler
try {
  const source = readFileSync(process.argv[2], 'utf8')
  const mod = await import('data:text/javascript;charset=utf-8,' + encodeURIComponent(source))
  handler = mod.default
  if (typeof handler !== 'function') throw new Error('the workload has no default export function')
} catch (error) {
  write({ ready: false, error: messageOf(error) })
  process.exit(1)
}

const lines = createInterface({ input: process.stdin })
lines.on('line', async (line) => {
  let request
  try {
    request = JSON.parse(line)
  } catch {
    return
  }
  if (request.op === 'memory') {
    write({ id: request.id, ok: true, output: process.memoryUsage() })
    return
  }
  try {
    const output = await handler(request.input)
    write({ id: request.id, ok: true, output: output === undefined ? null : output })
  } catch (error) {
    write({ id: request.id, ok: false, error: messageOf(error) })
  }
})
lines.on('close', () => process.exit(0))
write({ ready: true })
