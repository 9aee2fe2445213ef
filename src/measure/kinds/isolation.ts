/**
 * isolation: probe workloads try to reach past their sandbox (a host file, the host's environment,
 * the network, a new process, more memory than the limit, the CPU forever) or forge the harness's
 * protocol (a ready line and answers of its own: the forge probe, judged against when the harness
 * saw ready and what the runtime's channel shares with the workload). Each probe runs in a
 * fresh instance of each runtime and reports what happened as its output; when the runtime stops
 * it instead, the error says what stopped it. The harness sets the bait and judges the answers:
 * a secret file only the host has, a TCP listener on the host's loopback, and its own environment.
 * The matrix cell is one of: allowed, blocked, unavailable (the API does not exist there),
 * stopped (by a limit), error (the probe could not even start).
 */
import { randomBytes } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorLine } from '../../errors.js'
import { judgeProbe, permissionRefusal, type HostBait } from '../probe-verdict.js'
import { startTracked, stopLive } from '../instances.js'
import { stoppedBy } from '../stopped-by.js'
import { outcomesFor, type MeasureModule } from './types.js'
import { isolationTables } from '../../report/tables/isolation.js'

/** The isolation measure. */
export const isolation: MeasureModule = {
  measure: 'isolation',
  needs: ['probes'],
  description: 'what stops a probe that reaches for the host (a fresh instance per cell)',
  tables: (analysis) => isolationTables(analysis, isolation.description),
  async run({ scenario, runtimes, ctx, signal, onProgress, loadWorkload }) {
    const outcomes = outcomesFor(runtimes)
    const probes = scenario.probes ?? []
    const settings = { probes: probes.map((p) => p.name), limits: ctx.limits }
    const secret = randomBytes(12).toString('hex')
    const hostFile = join(tmpdir(), `isobench-probe-${ctx.runId}-${secret.slice(0, 6)}.txt`)
    // An HTTP answer whose body is a module holding the secret: a raw socket, fetch() and import() all see it.
    const server = createServer((socket) => {
      socket.once('data', () => {})
      socket.end(`HTTP/1.0 200 OK\r\nContent-Type: text/javascript\r\nConnection: close\r\n\r\nexport default 'isobench ${secret}'\n`)
    })
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
    const bait: HostBait = {
      hostFile,
      secret,
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      hostEnvNames: Object.keys(process.env),
    }
    try {
      await writeFile(hostFile, secret, { mode: 0o600, flag: 'wx' }) // never a file or symlink already there
      let done = 0
      for (const probe of probes) {
        const workload = await loadWorkload(probe.workloadPath)
        for (const runtime of runtimes) {
          if (signal.aborted) return { runtimes: outcomes, interrupted: true, settings }
          const outcome = outcomes.get(runtime.name)!
          const matrix = ((outcome.details ??= { matrix: [] }).matrix as unknown[])
          const input = { ...(probe.input as object | null), hostFile, host: bait.host, port: bait.port }
          const t0 = ctx.now()
          let cell
          let instance
          try {
            instance = await startTracked(runtime, workload, ctx)
            const readyAt = ctx.now()
            try {
              const output = await instance.invoke(input)
              const witness = { readyToAnswerMs: ctx.now() - readyAt, ...(runtime.channel?.shares ? { shares: runtime.channel.shares } : {}) }
              cell = judgeProbe(output, bait, witness)
            } catch (error) {
              const detail = errorLine(error)
              // A refusal thrown by the sandbox (Deno's permissions) blocked the probe; anything else stopped it.
              const refusal = permissionRefusal(detail)
              cell = refusal ? { outcome: 'blocked', by: refusal, detail } : { outcome: 'stopped', by: stoppedBy(detail), detail }
            }
          } catch (error) {
            cell = { outcome: 'error', by: 'could not start', detail: errorLine(error) }
          } finally {
            if (instance) await stopLive(instance)
          }
          matrix.push({ probe: probe.name, attempt: probe.attempt, ...cell })
          outcome.samples.push({ index: outcome.samples.length, warmup: false, ok: true, metrics: { probe_ms: ctx.now() - t0 } })
          onProgress(`${scenario.name} [${probe.name}]`, ++done, probes.length * runtimes.length)
        }
      }
      return { runtimes: outcomes, interrupted: false, settings }
    } finally {
      server.close()
      await rm(hostFile, { force: true })
    }
  },
}
