/**
 * Judging a probe's answer, pure. A probe reports `{outcome, detail}` and, where the harness must
 * judge, evidence: the text it read (`content`), the variable names it saw (`names`), the greeting
 * it received (`received`). The harness knows the bait, so it decides whether the evidence really
 * came from the host: reading a file of the same name inside a container is not reading the host's.
 */

/** What the harness planted for the probes. */
export interface HostBait {
  /** A file only the host has, holding the secret. */
  hostFile: string
  secret: string
  /** A TCP listener on the host that greets with the secret. */
  host: string
  port: number
  /** The harness's own environment variable names (never values). */
  hostEnvNames: string[]
}

/** One cell of the isolation matrix. */
export interface ProbeCell {
  outcome: 'allowed' | 'blocked' | 'unavailable' | 'stopped' | 'error'
  /** What stopped or blocked it, in a few words (when known). */
  by: string | null
  detail: string
}

interface ProbeAnswer {
  outcome?: string
  detail?: string
  content?: string
  names?: string[]
  received?: string
  /** forge probe: the answer is one the workload forged. */
  forged?: boolean
  /** forge probe, on the workload's own clock: ms from the end of its loading to its handler's start, and the handler's own ms; the channels it wrote to. */
  sinceLoadMs?: number
  handlerMs?: number
  reached?: string[]
}

/** What the harness saw of a forge probe's instance, and what its channel shares with the workload. */
export interface ForgeWitness {
  /** ms on the harness's clock from taking the instance as ready to holding its answer. */
  readyToAnswerMs: number
  /** Runtime.channel.shares, when the workload shares the process or the stream. */
  shares?: string
}

/**
 * Slack for the answer's way back (handler return → harness), which the bound below includes. A
 * believed forged ready shows as the workload's whole 300 ms load plus the way back; a real one as
 * the way back alone: half the load between them, so a loaded machine's slow way back is not a forgery.
 */
const RETURN_SLACK_MS = 150

/**
 * How long before the workload had loaded the harness took it as ready (an upper bound): the
 * harness's ready-to-answer time is the time from ready to the end of loading, the wait to the
 * handler, the handler and the way back, so subtracting the two durations the workload measured
 * leaves the first plus the way back. Durations only: the sandbox's clock may be set apart from
 * the harness's (a VM guest's), but it runs at the same rate.
 */
export function readyEarlyMs(answer: { sinceLoadMs?: number; handlerMs?: number }, witness: ForgeWitness): number {
  return witness.readyToAnswerMs - (answer.handlerMs ?? 0) - (answer.sinceLoadMs ?? 0)
}

/**
 * The forge probe's cell: allowed when the harness took a forged answer or a forged ready (it saw
 * ready before the workload had loaded), blocked (caught) otherwise; a channel that the workload
 * shares with the protocol is said in the cell, since it cannot be fully protected.
 */
export function judgeForge(answer: ProbeAnswer, witness: ForgeWitness): ProbeCell {
  const shared = witness.shares ? ` (${witness.shares})` : ''
  if (answer.forged) return { outcome: 'allowed', by: null, detail: `forged answer accepted${shared}` }
  const early = readyEarlyMs(answer, witness)
  if (early > RETURN_SLACK_MS) return { outcome: 'allowed', by: null, detail: `forged ready accepted: the harness saw ready ${Math.round(early)} ms before the workload had loaded${shared}` }
  const reached = answer.reached ?? []
  const by = reached.length === 0 ? 'no channel to write to' : 'caught'
  return { outcome: 'blocked', by: `${by}${shared}`, detail: `${answer.detail ?? 'the real handler answered'}; every forged ready and answer was dropped${shared}` }
}

/** Variables any sandbox may have of its own; seeing them proves nothing about the host's. */
const OWN_ENV_NAMES = new Set(['PATH', 'HOSTNAME', 'HOME', 'TERM', 'PWD', 'SHLVL', '_'])

/** Turns a probe's output into a matrix cell, checking its evidence against the bait (and, for the forge probe, the witness). */
export function judgeProbe(output: unknown, bait: HostBait, witness?: ForgeWitness): ProbeCell {
  const answer = (typeof output === 'object' && output !== null ? output : {}) as ProbeAnswer
  if (witness && (answer.sinceLoadMs !== undefined || answer.forged)) return judgeForge(answer, witness)
  const detail = answer.detail ?? JSON.stringify(output)
  const outcome = answer.outcome
  if (outcome === 'unavailable') return { outcome: 'unavailable', by: 'no such API', detail }
  if (outcome === 'blocked') return { outcome: 'blocked', by: blockedBy(detail), detail }
  if (outcome !== 'allowed') return { outcome: 'error', by: 'unexpected probe output', detail }
  if (answer.content !== undefined && !answer.content.includes(bait.secret)) {
    return { outcome: 'blocked', by: 'own filesystem', detail: `${detail}, but not the host's file (the sandbox has its own)` }
  }
  if (answer.received !== undefined && !answer.received.includes(bait.secret)) {
    return { outcome: 'blocked', by: 'own network', detail: `${detail}, but not to the host's listener` }
  }
  if (answer.names !== undefined) {
    const leaked = answer.names.filter((name) => bait.hostEnvNames.includes(name) && !OWN_ENV_NAMES.has(name))
    if (leaked.length === 0) return { outcome: 'blocked', by: 'own environment', detail: `saw only ${answer.names.slice(0, 6).join(', ') || 'nothing'}` }
    return { outcome: 'allowed', by: null, detail: `${detail}: ${leaked.length} of the host's variables (${leaked.slice(0, 3).join(', ')}${leaked.length > 3 ? ', …' : ''})` }
  }
  return { outcome: 'allowed', by: null, detail }
}

/** A sandbox's refusal in an error's text: Deno's permission system ("Requires read access ... --allow-read", NotCapable). */
export function permissionRefusal(detail: string): string | undefined {
  const flag = /--allow-(\w+)/.exec(detail)?.[1] ?? /Requires (\w+) access/.exec(detail)?.[1]
  if (flag) return `Deno permissions (no --allow-${flag})`
  if (/NotCapable/.test(detail)) return 'Deno permissions'
  return undefined
}

/** How runtimes refuse an import() of a URL, in words. */
const IMPORT_REFUSALS: [RegExp, string][] = [
  [/Only URLs with a scheme|ERR_UNSUPPORTED_ESM_URL_SCHEME/, 'no URL imports (node\'s loader)'],
  [/--no-remote/, 'Deno --no-remote'],
  [/No such module/, 'no such module'],
  [/Not supported|dynamic import callback|cannot import modules/, 'no module loader'],
]

/** The error code in a blocked probe's detail, in words. */
export function blockedBy(detail: string): string {
  const refusal = permissionRefusal(detail)
  if (refusal) return refusal
  const refusedImport = IMPORT_REFUSALS.find(([pattern]) => pattern.test(detail))
  if (refusedImport) return refusedImport[1]
  const code = /\b(E[A-Z]{3,})\b/.exec(detail)?.[1]
  const words: Record<string, string> = {
    ENOENT: 'not there (own filesystem)',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'read-only filesystem',
    ECONNREFUSED: 'connection refused (own network)',
    ENETUNREACH: 'no network',
    EAGAIN: 'pids limit',
  }
  return code ? `${code}: ${words[code] ?? 'error'}` : 'error'
}
