/**
 * The files a workerd instance serves, generated from the workload (pure: strings in, strings out).
 * The workload's bytes become their own ES module, imported unchanged by a module worker whose
 * `fetch` takes the input as a JSON POST body (and a repeat count as a header) and answers `{ok, output}` or `{ok:false, error}`.
 */
import { CHECKED_CALL_SOURCE } from '../output-check.js'
import { MAX_REPEAT } from '../types.js'

/** Module name of the workload inside the worker (imported by the wrapper). */
export const WORKLOAD_MODULE = 'workload.js'
/** Module name of the wrapper worker. */
export const WORKER_MODULE = 'worker.js'
/** Config file name. */
export const CONFIG_FILE = 'config.capnp'
/** The compatibility date every generated worker declares (recorded in the environment). */
export const COMPATIBILITY_DATE = '2024-09-23'

/** The request header that asks the worker to call the handler that many times (InvokeOptions.repeat); the body stays the workload's input. */
export const REPEAT_HEADER = 'x-isobench-repeat'

/**
 * The module worker wrapping the workload's default export; its answers are checked in the worker
 * (output-check.ts). A request calls the handler REPEAT_HEADER times (1 to MAX_REPEAT, default 1)
 * on its body, answering the last output, and says how long the fastest call ran (`callMs`) and
 * when the answer was written (`at`), read with Date.now(): workerd's only clock (performance.now()
 * reads the same), wall time in whole ms, which advances during a request here, in pure computation
 * too, but reads 0 while the modules load (so the start has no sandbox-side marks).
 */
export function workerSource(maxOutputBytes: number): string {
  return `import * as workload from './${WORKLOAD_MODULE}'
const handler = workload.default
if (typeof handler !== 'function') throw new Error('the workload has no default export function')
const call = ${CHECKED_CALL_SOURCE}
const messageOf = (error) =>
  error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error)
const headers = { 'content-type': 'application/json' }
export default {
  async fetch(request) {
    try {
      const input = await request.text()
      const repeat = Math.min(${MAX_REPEAT}, Math.max(1, Math.floor(Number(request.headers.get('${REPEAT_HEADER}')) || 1)))
      let json
      let callMs = Infinity
      for (let i = 0; i < repeat; i++) {
        const before = Date.now()
        json = await call(handler, input, ${maxOutputBytes})
        callMs = Math.min(callMs, Date.now() - before)
      }
      return new Response('{"ok":true,"callMs":' + callMs + ',"at":' + Date.now() + ',"output":' + json + '}', { headers })
    } catch (error) {
      return Response.json({ ok: false, error: messageOf(error) })
    }
  },
}
`
}

/**
 * The workerd config: one worker, one HTTP socket on loopback. Port 0 lets the kernel pick a free
 * port; workerd reports it on the control fd (`--control-fd`), so no port is guessed or raced.
 * The worker's outbound network allows no address (as the containers run with `--network none`);
 * workerd's default would let `fetch` reach public addresses.
 */
export function workerdConfig(options: { memoryMb: number }): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "no-network", network = (allow = [])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
  v8Flags = ["--max-old-space-size=${Math.max(1, Math.floor(options.memoryMb))}"],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "${WORKER_MODULE}", esModule = embed "${WORKER_MODULE}"),
    (name = "${WORKLOAD_MODULE}", esModule = embed "${WORKLOAD_MODULE}"),
  ],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  globalOutbound = "no-network",
);
`
}

/** The port workerd listens on, from one line of its control fd; undefined for other events. */
export function listenPortOf(line: string, socket = 'http'): number | undefined {
  try {
    const event = JSON.parse(line) as { event?: string; socket?: string; port?: number }
    return event.event === 'listen' && event.socket === socket && typeof event.port === 'number' ? event.port : undefined
  } catch {
    return undefined
  }
}
