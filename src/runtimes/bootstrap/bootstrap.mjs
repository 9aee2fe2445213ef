// isobench bootstrap: runs a workload in a plain `node` (the process and docker runtimes, and worker threads).
// Usage: node bootstrap.mjs <workload.js>
// Clock: process.hrtime.bigint() is CLOCK_MONOTONIC, the harness's own (no time namespace in a child,
// a worker or a runc/crun container); bootAt is read by this module's first statement, loadedAt once
// the handler is loaded, and every answer says when it was written (protocol.mjs).
// Transport (channel.ts is the harness side; requests and answers: protocol.mjs):
//   in:  the first stdin line, {"nonce":"<hex>","channel":"fd3"|"stdout","source"?:"..."}, read
//        before the workload loads and kept in this module's scope (the workload cannot read it back);
//        every later line is a request
//   out: ["<nonce>",{"ready":true,"compileMs":<import time>,"bootAt":<ms>,"loadedAt":<ms>}] once the handler is loaded (or {"ready":false,"error":"..."} and
//        exit 1), then ["<nonce>",<answer>]; on fd 3 (a pipe of its own: child processes) or on the
//        stdout stream (containers, workers), whose writer and JSON.stringify are taken before the
//        workload loads, the workload's own stdout and console going to stderr
import { readFileSync, writeSync } from 'node:fs'
import { cpuUsage, hrtime } from 'node:process'
import { createInterface } from 'node:readline'
import { answer, loadHandler, messageOf } from './protocol.mjs'

const clock = () => Number(hrtime.bigint()) / 1e6
const bootAt = clock()
const cpuClock = () => {
  const used = cpuUsage()
  return (used.user + used.system) / 1000
}
const stringify = JSON.stringify
const now = performance.now.bind(performance)
const toBytes = Buffer.from
const pause = new Int32Array(new SharedArrayBuffer(4))

/** A write that finishes even on a non-blocking pipe (EAGAIN: wait 1 ms and go on). */
const writeAllTo = (fd) => (text) => {
  const bytes = toBytes(text)
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset)
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error
      Atomics.wait(pause, 0, 0, 1)
    }
  }
}

/** The real stdout writer, taken now; the workload's stdout and console then go to stderr. */
function takeStdout() {
  const stdout = process.stdout
  const send = stdout.write.bind(stdout)
  const toStderr = process.stderr.write.bind(process.stderr)
  stdout.write = (chunk, encoding, callback) => toStderr(chunk, encoding, callback)
  return send
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const hello = JSON.parse((await lines.next()).value ?? 'null')
const nonce = String(hello?.nonce)
const send = hello?.channel === 'fd3' ? writeAllTo(3) : takeStdout()
const write = (message) => send(stringify([nonce, message]) + '\n')

let handler
let compileMs
try {
  const source = typeof hello?.source === 'string' ? hello.source : readFileSync(process.argv[2], 'utf8')
  const started = now()
  handler = await loadHandler(source)
  compileMs = now() - started
} catch (error) {
  write({ ready: false, error: messageOf(error) })
  process.exit(1)
}

write({ ready: true, compileMs, bootAt, loadedAt: clock() })
for await (const line of { [Symbol.asyncIterator]: () => lines }) void answer(line, handler, write, () => process.memoryUsage(), clock, cpuClock)
process.exit(0)
