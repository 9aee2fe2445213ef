/**
 * The harness side of a snapshot build in a child (snapshot-build.mjs): isolated-vm's
 * createSnapshot has no timeout or memory limit and runs synchronously, so it runs in a `node`
 * child of the harness's own binary (a snapshot only loads in the V8 that made it), hardened as a
 * process-row child is (host/child.ts: a cgroup of its own with the instance's limits, nobody when
 * root, the minimal environment, `/` as working directory: no temp dir), with V8's heap capped at
 * the run's memory limit. Each stage has a deadline (the run's --timeout); at a deadline, an exit
 * or an error, the child's whole tree is killed and reaped before the build rejects with why.
 */
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { childSandbox, endChild, runtimeThreadsHeadroom, spawned } from '../../host/child.js'
import { WORKLOAD_ENV } from '../../host/env.js'
import { runMarker } from '../../host/proc.js'
import { tailOf } from '../bootstrap/channel.js'
import { explainSpawnError } from '../bootstrap/child.js'
import { readCappedLines } from '../bootstrap/lines.js'
import { childCgroupLimits, childUser, isolateMemoryLimitMb, snapshotBuildHeapCapMb } from '../hardening.js'
import type { RunContext } from '../types.js'

/** Absolute path of the build script the child runs. */
export const SNAPSHOT_BUILD_PATH = fileURLToPath(new URL('./snapshot-build.mjs', import.meta.url))

/** How much longer the harness waits than the trial's own timeout, so the trial says it timed out. */
const TRIAL_GRACE_MS = 500
/** The longest line taken from the child: a snapshot's base64 (V8 snapshots of a workload are ~1 MB). */
const MAX_LINE_CHARS = 256 * 1024 * 1024

/** The script a snapshot is made of, and the file name its errors name. */
export interface SnapshotSource {
  code: string
  filename: string
}

/** A message of the build child (snapshot-build.mjs). */
interface BuildMessage {
  stage: 'loaded' | 'building' | 'done' | 'failed'
  snapshot?: string
  error?: string
}

/** Reads the child's messages in order; `next` waits for one until a deadline. */
export function messageReader(stdout: Readable, exited: Promise<string>) {
  const queue: BuildMessage[] = []
  let wake: (() => void) | undefined
  let ended: string | undefined
  readCappedLines(stdout, MAX_LINE_CHARS, {
    line(text) {
      try {
        queue.push(JSON.parse(text) as BuildMessage)
      } catch {
        ended ??= `snapshot build failed: it wrote a line that is not JSON (${text.slice(0, 80)})`
      }
      wake?.()
    },
    overflow: (max) => void (ended ??= `snapshot build failed: it wrote a line over ${max} characters`),
    close: () => void exited.then((why) => {
      ended ??= why
      wake?.()
    }),
  })
  return async function next(timeoutMs: number, onTimeout: string): Promise<BuildMessage> {
    let timer: NodeJS.Timeout | undefined
    try {
      return await new Promise<BuildMessage>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(onTimeout)), timeoutMs)
        // Unhooked as soon as it settles: lines that arrive in one chunk with this one stay queued for the next call.
        const check = () => {
          const message = queue.shift()
          if (message) {
            wake = undefined
            resolve(message)
          } else if (ended !== undefined) {
            wake = undefined
            reject(new Error(ended))
          }
        }
        wake = check
        check()
      })
    } finally {
      clearTimeout(timer)
      wake = undefined
    }
  }
}

/** Why a child that died said nothing more: out of memory (V8's heap cap, the cgroup) or how it ended. */
function deathOf(code: number | undefined, signal: string | undefined, stderr: string, oomNote: string, heapCapMb: number | undefined): string {
  if (oomNote || /heap limit|out of memory/i.test(stderr) || /\bOOM\b/.test(stderr)) {
    const cap = heapCapMb === undefined ? 'no heap cap (relaxed)' : `heap cap ${heapCapMb} MiB`
    return `snapshot build ran out of memory (${cap}${oomNote}${stderr ? `: ${stderr}` : ''})`
  }
  return `snapshot build failed: the child exited (${signal ?? `code ${code}`})${stderr ? `: ${stderr}` : ''}`
}

/**
 * Builds the snapshot of `source` in a child and returns its bytes; rejects with why (timeout,
 * memory, the workload's load error). `track` registers the child's killer until it is reaped, for
 * a cleanup that comes first (an interrupt).
 */
export async function buildSnapshotInChild(source: SnapshotSource, ctx: RunContext, track: (kill: () => Promise<void>) => () => void): Promise<Uint8Array> {
  const { timeoutMs } = ctx.limits
  const heapCapMb = snapshotBuildHeapCapMb(ctx.limits)
  const sandbox = await childSandbox(ctx.runId, childCgroupLimits(ctx.limits, runtimeThreadsHeadroom()))
  const user = childUser(ctx.limits)
  const spawn = sandbox.command({ file: process.execPath, args: ['--no-node-snapshot', ...(heapCapMb === undefined ? [] : [`--max-heap-size=${heapCapMb}`]), SNAPSHOT_BUILD_PATH, runMarker(ctx.runId)], user })
  const child = execa(spawn.file, spawn.args, {
    env: { ...WORKLOAD_ENV },
    extendEnv: false,
    cwd: '/',
    ...spawn.user,
    stdio: ['pipe', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    cleanup: true,
    forceKillAfterDelay: false,
  })
  child.stdin!.on('error', () => {})
  const stderr = tailOf(child.stderr)
  let stopping = false
  const exited = new Promise<string>((resolve) => {
    child.once('close', async (code, signal) => {
      const oom = !stopping && signal === 'SIGKILL' ? await sandbox.oomNote() : ''
      resolve(deathOf(code ?? undefined, signal ?? undefined, stderr(), oom, heapCapMb))
    })
    child.once('error', (error) => resolve(`snapshot build failed: the child could not run (${error.message})`))
  })
  const kill = async () => {
    stopping = true
    await endChild(sandbox, child, exited)
  }
  const untrack = track(kill)
  try {
    await sandbox.hold(await spawned(child, timeoutMs, 'the snapshot build').catch((error: Error) => Promise.reject(explainSpawnError(error, process.execPath, user))))
    const next = messageReader(child.stdout!, exited)
    child.stdin!.end(`${JSON.stringify({ ...source, memoryLimitMb: isolateMemoryLimitMb(ctx.limits), timeoutMs })}\n`)
    const stages: [BuildMessage['stage'], number, string][] = [
      ['loaded', timeoutMs, `snapshot build did not load isolated-vm within ${timeoutMs} ms (timeout)`],
      ['building', timeoutMs + TRIAL_GRACE_MS, `snapshot build: the trial run did not finish within ${timeoutMs} ms (timeout)`],
      ['done', timeoutMs, `snapshot build did not finish within ${timeoutMs} ms (timeout)`],
    ]
    let message: BuildMessage | undefined
    for (const [stage, ms, onTimeout] of stages) {
      message = await next(ms, onTimeout)
      if (message.stage === 'failed') throw new Error(message.error ?? 'snapshot build failed')
      if (message.stage !== stage) throw new Error(`snapshot build failed: expected stage ${stage}, got ${message.stage}`)
    }
    return Buffer.from(message!.snapshot ?? '', 'base64')
  } finally {
    await kill()
    untrack()
  }
}
