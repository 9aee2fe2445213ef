/**
 * The messages between the harness and a tenant host (child.ts), over Node's IPC channel as JSON.
 * Every request carries an id; its one reply carries the same id and `ok`.
 */
import type { InvokeOptions, Limits, MemoryReading, Phase, RuntimeOptions, SandboxTimes, Workload } from '../../runtimes/types.js'

/** What the harness asks for. */
export type HostCall =
  | { op: 'init'; runtime: string; options: RuntimeOptions; runId: string; limits: Limits }
  | { op: 'start'; workload: Workload; limits: Limits }
  | { op: 'invoke'; instance: number; input: unknown; options?: InvokeOptions }
  | { op: 'memory'; instance: number }
  | { op: 'stop'; instance: number }

export type HostRequest = HostCall & { id: number }

export interface HostReply {
  id: number
  ok: boolean
  error?: string
  /** start: the instance's number in the host, its phases and whether it repeats. */
  instance?: number
  startPhases?: Phase[]
  repeats?: boolean
  /** invoke */
  output?: unknown
  sandboxTimes?: SandboxTimes
  /** memory */
  memory?: MemoryReading
}
