// isobench bootstrap for Deno: the protocol of bootstrap/bootstrap.mjs (JSON lines over stdio, bootstrap/protocol.mjs),
// run with no permission granted. Usage: deno run --no-prompt deno/bootstrap.mjs
// The workload's source arrives as the first stdin line, {"source":"..."}, and is imported through
// a data: URL: Deno's sandbox would refuse to read the file (no --allow-read), and granting read
// of that one file would hand the workload that permission too. Importing a data: URL needs none.
//   out: {"ready":true,"compileMs":<import time>} once the handler is loaded, or {"ready":false,"error":"..."} and exit 1
import { answer, loadHandler, messageOf } from '../bootstrap/protocol.mjs'

const encoder = new TextEncoder()
const write = (message) => Deno.stdout.writeSync(encoder.encode(JSON.stringify(message) + '\n'))

async function* stdinLines() {
  let buffered = ''
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    buffered += chunk
    let newline
    while ((newline = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
    }
  }
}

const lines = stdinLines()
let handler
let compileMs
try {
  const first = await lines.next()
  if (first.done) throw new Error('no workload source on stdin')
  const { source } = JSON.parse(first.value)
  const started = performance.now()
  handler = await loadHandler(source)
  compileMs = performance.now() - started
} catch (error) {
  write({ ready: false, error: messageOf(error) })
  Deno.exit(1)
}
write({ ready: true, compileMs })
for await (const line of lines) void answer(line, handler, write, () => Deno.memoryUsage())
Deno.exit(0)
