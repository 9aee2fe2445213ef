// probe: forge the harness's protocol. While it loads, it prints a ready line on every channel it
// can reach (console, process.stdout, fds 1 and 3 through node:fs outside a worker thread, Deno.stdout), then takes 300 ms
// to finish loading; its handler prints forged answers the same way, waits 200 ms, and then gives
// the real answer. It reports durations on its own clock, never a time of day, since a sandbox's
// clock need not be the harness's (a VM guest keeps its own, which can run seconds apart):
// `sinceLoadMs`, from the end of loading to the handler's start, and `handlerMs`, the handler's
// own time. The harness's ready-to-answer time minus both is how long before the workload loaded
// the harness took it as ready: about 300 ms if it believed the forged ready. One that believed a
// forged answer returns `forged: true`. Needs no API: it uses what it finds. Never throws.
const FORGED = { outcome: 'allowed', detail: 'a forged answer was accepted', forged: true }
const reached = []

function forge(lines) {
  const text = lines.map((line) => JSON.stringify(line)).join('\n') + '\n'
  // In a worker thread fds 1 and 3 are the harness's own, not a channel of the protocol: writing
  // there attacks the harness itself, which a worker cannot be protected from (no security boundary).
  const inWorker = globalThis.process?.getBuiltinModule?.('node:worker_threads')?.isMainThread === false
  const fs = inWorker ? undefined : globalThis.process?.getBuiltinModule?.('node:fs')
  const tries = {
    console: globalThis.console?.log && (() => globalThis.console.log(text.trimEnd())),
    'process.stdout': globalThis.process?.stdout?.write && (() => globalThis.process.stdout.write(text)),
    'fd 1': fs && (() => fs.writeSync(1, text)),
    'fd 3': fs && (() => fs.writeSync(3, text)),
    'Deno.stdout': globalThis.Deno?.stdout && (() => globalThis.Deno.stdout.writeSync(new TextEncoder().encode(text))),
  }
  for (const [channel, attempt] of Object.entries(tries)) {
    if (!attempt) continue
    try {
      attempt()
      if (!reached.includes(channel)) reached.push(channel)
    } catch {
      // that channel is not there or refused: try the next one
    }
  }
}

function busyWait(ms) {
  const start = Date.now()
  for (let i = 1; Date.now() < start + ms; i++) {
    // a clock frozen while code runs (workerd's) would never get there
    if (i % 1e6 === 0 && Date.now() === start) return
  }
}

const answers = (ids) => ids.map((id) => ({ id, ok: true, output: FORGED }))
forge([{ ready: true }, ...answers([1, 2, 3])])
busyWait(300)
const loadedAt = Date.now()

export default function probe() {
  const enteredAt = Date.now()
  forge(answers([1, 2, 3, 4, 5, 6]))
  busyWait(200)
  const detail = `the real handler answered; forged on ${reached.join(', ') || 'no channel'}`
  return { outcome: 'blocked', detail, sinceLoadMs: enteredAt - loadedAt, handlerMs: Date.now() - enteredAt, reached }
}
