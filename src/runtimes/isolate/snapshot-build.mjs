// isobench snapshot build: makes the isolated-vm snapshot of one workload in a child node of its own
// (snapshot-child.ts is the harness side), so that a build that spins or allocates without end is
// ended by the harness killing this process, not by the harness hanging or dying.
// Usage: node --no-node-snapshot [--max-heap-size=<MiB>] snapshot-build.mjs [isobench-run=<id>]
//   in:  one stdin line, {"code":"...","filename":"...","memoryLimitMb":N,"timeoutMs":N}
//   out: JSON lines on stdout: {"stage":"loaded"} (isolated-vm is in), {"stage":"building"} (the trial
//        run in a plain isolate with the limits passed), then {"stage":"done","snapshot":"<base64>"},
//        or {"stage":"failed","error":"..."} and exit 1. The workload runs only inside isolates here,
//        which have no access to this process's streams.
import { createInterface } from 'node:readline'

/** The global a snapshot keeps the handler in (snapshot.ts reads it). */
const SNAPSHOT_HANDLER = '__isobench_handler__'

const send = (message) => new Promise((resolve) => process.stdout.write(`${JSON.stringify(message)}\n`, resolve))
const firstLine = (error) => (error instanceof Error ? error.message.split('\n')[0] : String(error))

/** The same script in a plain isolate under the memory limit and timeout: a workload that fails to load says why. */
function trialRun(ivm, request) {
  const trial = new ivm.Isolate({ memoryLimit: request.memoryLimitMb })
  try {
    const context = trial.createContextSync()
    context.evalSync(request.code, { filename: request.filename, timeout: request.timeoutMs })
    if (context.evalSync(`typeof ${SNAPSHOT_HANDLER}`) !== 'function') throw new Error('the workload has no default export function')
  } catch (error) {
    throw new Error(`workload failed to load: ${firstLine(error)}`)
  } finally {
    if (!trial.isDisposed) trial.dispose()
  }
}

/** Loads isolated-vm, runs the trial, then builds the snapshot, saying so at each stage. */
async function build(request) {
  const { default: ivm } = await import('isolated-vm')
  await send({ stage: 'loaded' })
  trialRun(ivm, request)
  await send({ stage: 'building' })
  // createSnapshot has no timeout or memory limit of its own: the harness's deadline and this
  // process's heap cap and cgroup are its limits.
  const snapshot = ivm.Isolate.createSnapshot([{ code: request.code, filename: request.filename }])
  await send({ stage: 'done', snapshot: Buffer.from(snapshot.copy()).toString('base64') })
}

async function main() {
  const lines = createInterface({ input: process.stdin })
  for await (const line of lines) {
    lines.close()
    return build(JSON.parse(line))
  }
  throw new Error('no request on stdin')
}

main().catch(async (error) => {
  await send({ stage: 'failed', error: firstLine(error) })
  process.exit(1)
})
