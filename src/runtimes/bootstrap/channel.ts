/**
 * The harness side of the bootstrap transport (bootstrap.mjs, deno/bootstrap.mjs; requests and
 * answers: protocol.mjs): JSON lines out of an instance, requests into its stdin, plus its stderr
 * summary. The first line in is the hello: a fresh random nonce (and the channel and source),
 * which the bootstrap keeps before the workload loads; every line out must be `[nonce, message]`,
 * and anything else (the workload's own output, a forged ready or answer) is dropped.
 */
import { randomBytes } from 'node:crypto'
import type { Readable, Writable } from 'node:stream'
import { withTimeout } from '../../host/timeout.js'
import { DEFAULT_MAX_OUTPUT_BYTES, type InvokeOptions, type Phase, type SandboxTimes } from '../types.js'
import { readCappedLines } from './lines.js'

/** What a line may hold beyond the answer's cap: the envelope (`{"id":1,"ok":true,"output":…}`) and escapes' slack. */
export const LINE_MARGIN_BYTES = 64 * 1024

/** What the bootstrap reports with its ready line: how long importing the workload took, on its own clock. */
export interface ReadyReport {
  compileMs?: number
  /** The bootstrap's first statement ran, and its workload was loaded: on the sandbox's clock (SandboxTimes). */
  bootAt?: number
  loadedAt?: number
}

/** What the bootstrap says about its latest answer: when it was written and how long the handler ran, on its clock. */
export interface AnswerTimes {
  answerAt?: number
  callMs?: number
  cpuMs?: number
}

/** A finite number, else undefined (a message's fields are the sandbox's say-so). */
const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)

/**
 * The start's last phases from the time until ready: `ready` (the runtime's own start-up) and
 * `compile` (the bootstrap's import of the workload: parse, compile, evaluate), sandbox-reported and
 * taken out of `ready`, so the phases still add up to the start.
 */
export function readyPhases(readyMs: number, report: ReadyReport): Phase[] {
  const compileMs = report.compileMs
  if (compileMs === undefined || !(compileMs >= 0) || compileMs > readyMs) return [{ name: 'ready', ms: readyMs }]
  return [{ name: 'ready', ms: readyMs - compileMs }, { name: 'compile', ms: compileMs }]
}

/** The bootstrap's JSON-lines protocol over a pair of streams (process stdio, container attach). */
export interface LineChannel {
  /** Resolves when the bootstrap says it is ready, with what it measured itself; rejects with its load error or on exit. */
  ready: Promise<ReadyReport>
  /** Sends the first line the bootstrap reads, before any request: the nonce and `fields`. */
  hello(fields: Hello): void
  /** Sends one request and resolves with its output; rejects with the workload's error. */
  request(op: 'invoke' | 'memory', input: unknown, timeoutMs: number, options?: InvokeOptions): Promise<unknown>
  /** Fails every pending request (the instance died or was stopped). */
  close(reason: string): void
  /** The times the latest successful answer carried. */
  lastAnswer(): AnswerTimes
}

/** What the hello tells the bootstrap besides the nonce. */
export interface Hello {
  /** Where it answers: its own pipe on fd 3 (child processes), or stdout (containers, workers, deno). */
  channel: 'fd3' | 'stdout'
  /** The workload's source (so the sandbox needs no read access to its file). */
  source?: string
}

/** One message of the bootstrap, as it is written. */
interface Message {
  ready?: boolean
  compileMs?: number
  bootAt?: number
  loadedAt?: number
  at?: number
  callMs?: number
  cpuMs?: number
  error?: string
  id?: number
  ok?: boolean
  output?: unknown
}

/**
 * Pure: the message in one line out of an instance, if the line carries `nonce`; the line may have
 * stray output in front of it (a workload that wrote without a newline on a shared stream).
 */
export function messageIn(line: string, nonce: string): Message | undefined {
  const start = line.indexOf(`["${nonce}",`)
  if (start < 0) return undefined
  try {
    const parsed = JSON.parse(line.slice(start)) as unknown
    if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== nonce) return undefined
    const message = parsed[1] as unknown
    return typeof message === 'object' && message !== null ? (message as Message) : undefined
  } catch {
    return undefined
  }
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

/** How a channel behaves at its ends. */
export interface ChannelOptions {
  /** false: the end of output does not close it; the owner closes it with a better reason (how the process exited). */
  closeOnEnd?: boolean
  /** --max-output: the sandbox refuses larger answers; a line over it + LINE_MARGIN_BYTES fails the instance. */
  maxOutputBytes?: number
}

/** Opens a channel; `stderrTail` supplies the instance's telling stderr line for error messages. */
export function openChannel(output: Readable, input: Writable, stderrTail: () => string, options: ChannelOptions = {}): LineChannel {
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES
  const pending = new Map<number, Pending>()
  const nonce = randomBytes(16).toString('hex')
  let nextId = 1
  let closedReason: string | undefined
  let last: AnswerTimes = {}
  let settleReady: { resolve: (report: ReadyReport) => void; reject: (error: Error) => void } | undefined
  const ready = new Promise<ReadyReport>((resolve, reject) => (settleReady = { resolve, reject }))
  ready.catch(() => {}) // observed by the caller; never an unhandled rejection

  const onLine = (line: string) => {
    const message = messageIn(line, nonce)
    if (message === undefined) return // not the bootstrap's: dropped
    if (message.ready !== undefined) {
      if (message.ready) settleReady?.resolve({ compileMs: finite(message.compileMs), bootAt: finite(message.bootAt), loadedAt: finite(message.loadedAt) })
      else settleReady?.reject(new Error(`workload failed to load: ${message.error ?? 'unknown error'}`))
      return
    }
    const entry = message.id === undefined ? undefined : pending.get(message.id)
    if (!entry) return
    pending.delete(message.id!)
    clearTimeout(entry.timer)
    if (message.ok) last = { answerAt: finite(message.at), callMs: finite(message.callMs), cpuMs: finite(message.cpuMs) }
    if (message.ok) entry.resolve(message.output)
    else entry.reject(new Error(message.error ?? 'unknown error'))
  }

  const close = (reason: string) => {
    if (closedReason !== undefined) return
    closedReason = reason
    const tail = stderrTail()
    const error = new Error(tail ? `${reason}: ${tail}` : reason)
    settleReady?.reject(error)
    for (const entry of pending.values()) {
      clearTimeout(entry.timer)
      entry.reject(error)
    }
    pending.clear()
    stopReading()
  }
  const stopReading = readCappedLines(output, maxOutput + LINE_MARGIN_BYTES, {
    line: onLine,
    overflow: (maxChars) => close(`the instance sent a line of more than ${maxChars} characters (--max-output + ${LINE_MARGIN_BYTES} bytes): the channel was closed`),
    close: () => {
      if (options.closeOnEnd ?? true) close('the instance closed its output')
    },
  })

  const request = (op: 'invoke' | 'memory', payload: unknown, timeoutMs: number, options: InvokeOptions = {}) => {
    if (closedReason !== undefined) return Promise.reject(new Error(closedReason))
    const id = nextId++
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`no answer within ${timeoutMs} ms (timeout)`))
      }, timeoutMs)
      pending.set(id, { resolve, reject, timer })
      const repeat = options.repeat !== undefined && options.repeat > 1 ? { repeat: options.repeat } : {}
      input.write(JSON.stringify({ id, op, input: payload, maxOutput, ...repeat }) + '\n')
    })
  }
  const hello = (fields: Hello) => void input.write(JSON.stringify({ nonce, ...fields }) + '\n')
  return { ready, hello, request, close, lastAnswer: () => last }
}

/** Keeps the start and the end of a stream (stderr); returns its telling line, for error messages. */
export function tailOf(stream: Readable | null | undefined, maxChars = 2000): () => string {
  let head = ''
  let tail = ''
  stream?.on('data', (chunk: Buffer | string) => {
    const text = chunk.toString()
    if (head.length < maxChars) head += text.slice(0, maxChars - head.length)
    tail = (tail + text).slice(-maxChars)
  })
  return () => summarizeStderr(head.length < maxChars ? head : `${head}\n${tail}`)
}

/**
 * Pure: the line of a dying node's stderr that says why: a V8 fatal error (heap limit), else the
 * first `SomeError: message` line (an uncaught error), else the last three lines.
 */
export function summarizeStderr(text: string): string {
  const lines = text.split('\n').map((line) => line.replace(/^#/, '').trim()).filter(Boolean)
  const fatal = lines.find((line) => /^FATAL ERROR:/.test(line) || /JavaScript heap out of memory/.test(line) || /Fatal JavaScript out of memory|Fatal javascript OOM|V8 fatal error/i.test(line)) // node, deno, workerd, V8's own (a snapshot creator)
  if (fatal) return fatal
  const error = lines.find((line) => /^[A-Za-z]*Error( \[\w+\])?: /.test(line))
  if (error) return error
  return lines.slice(-3).join(' | ')
}

/** What a node bootstrap reads (bootstrap.mjs): the harness's own clock wherever there is no time namespace. */
export const NODE_BOOTSTRAP_CLOCK = { kind: 'monotonic', source: 'process.hrtime.bigint() in the bootstrap (CLOCK_MONOTONIC)' } as const

/** The sandbox times of a bootstrap instance: its ready report and its latest answer, on `clock`. */
export function bootstrapTimes(report: ReadyReport, channel: LineChannel, clock: SandboxTimes['clock'], source: string): () => SandboxTimes {
  return () => ({ clock, source, resolutionMs: 0, bootAt: report.bootAt, loadedAt: report.loadedAt, ...channel.lastAnswer() })
}

/** Waits for the bootstrap's ready line, bounded by the start timeout (process, docker, worker). */
export function readyWithin(channel: LineChannel, timeoutMs: number): Promise<ReadyReport> {
  return withTimeout(channel.ready, timeoutMs, `the workload did not load within ${timeoutMs} ms (timeout)`)
}

/** The bootstrap's `process.memoryUsage()`: heap used and external memory of the isolate it runs in. */
export function bootstrapUsage(channel: LineChannel, timeoutMs: number): Promise<{ heapUsed: number; external: number }> {
  return channel.request('memory', null, timeoutMs) as Promise<{ heapUsed: number; external: number }>
}
