// isobench bootstrap for Deno: the transport of bootstrap/bootstrap.mjs (requests and answers:
// bootstrap/protocol.mjs), run with no permission granted. Usage: deno run --no-prompt deno/bootstrap.mjs
// The first stdin line, {"nonce":"<hex>","source":"..."}, is read before the workload loads and the
// nonce kept in this module's scope; the workload's source is imported through a data: URL: Deno's
// sandbox would refuse to read the file (no --allow-read), and granting read of that one file would
// hand the workload that permission too. Importing a data: URL needs none.
// Deno grants no file descriptor beyond stdio without a permission, so the answers go on stdout:
// its writer and JSON.stringify are taken before the workload loads, and the workload's console and
// Deno.stdout writes are sent to stderr. Every line out is ["<nonce>",<message>]:
//   {"ready":true,"compileMs":<import time>,"bootAt":<ms>,"loadedAt":<ms>} once the handler is loaded, or {"ready":false,"error":"..."} and exit 1; then the answers
import { answer, loadHandler, messageOf } from '../bootstrap/protocol.mjs'

// Deno's process.hrtime counts from its own start and Deno.osUptime needs --allow-sys, so the shared
// clock here is the wall-anchored one, performance.timeOrigin + performance.now(), which the harness maps onto its own.
const clock = () => performance.timeOrigin + performance.now()
const bootAt = clock()
const cpuUsage = Deno.cpuUsage.bind(Deno)
const cpuClock = () => {
  const used = cpuUsage()
  return (used.user + used.system) / 1000
}
const stringify = JSON.stringify
const now = performance.now.bind(performance)
const encoder = new TextEncoder()
const encode = encoder.encode.bind(encoder)
const send = Deno.stdout.writeSync.bind(Deno.stdout)
const toStderr = Deno.stderr.writeSync.bind(Deno.stderr)
const consoleToStderr = console.error.bind(console)
for (const name of ['log', 'info', 'debug', 'dir', 'dirxml', 'table']) console[name] = consoleToStderr
Deno.stdout.writeSync = (bytes) => toStderr(bytes)
Deno.stdout.write = async (bytes) => toStderr(bytes)

/** Writes every byte (writeSync may write part of a buffer). */
function writeAll(bytes) {
  let offset = 0
  while (offset < bytes.length) offset += send(bytes.subarray(offset))
}

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
const first = await lines.next()
const hello = first.done ? null : JSON.parse(first.value)
const nonce = String(hello?.nonce)
const write = (message) => writeAll(encode(stringify([nonce, message]) + '\n'))

let handler
let compileMs
try {
  if (typeof hello?.source !== 'string') throw new Error('no workload source on stdin')
  const started = now()
  handler = await loadHandler(hello.source)
  compileMs = now() - started
} catch (error) {
  write({ ready: false, error: messageOf(error) })
  Deno.exit(1)
}
write({ ready: true, compileMs, bootAt, loadedAt: clock() })
for await (const line of lines) void answer(line, handler, write, () => Deno.memoryUsage(), clock, cpuClock)
Deno.exit(0)
