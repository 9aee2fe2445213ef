/**
 * The bench's independent check: hyperfine (`-N`, no shell) timing one start of the same node and
 * bootstrap as the process runtime. With stdin at /dev/null the bootstrap prints ready, reads EOF
 * and exits, so hyperfine's span is start → ready → exit.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BOOTSTRAP_PATH, workloadEnv, workloadNodeFlags, type Limits, type Workload } from './api.js'

/** One hyperfine-timed start per call, in ms; `dispose` removes its export directory. */
export interface Hyperfine {
  once(): Promise<number>
  dispose(): void
}

export function hyperfine(workload: Workload, limits: Limits): Hyperfine {
  const dir = mkdtempSync(join(tmpdir(), 'isobench-bench-'))
  const command = [process.execPath, ...workloadNodeFlags(limits), BOOTSTRAP_PATH, workload.path].join(' ')
  const exported = join(dir, 'h.json')
  return {
    async once() {
      await new Promise<void>((resolve, reject) => {
        const child = spawn('hyperfine', ['-N', '--runs', '1', '--export-json', exported, command], { env: workloadEnv(limits), stdio: 'ignore' })
        child.once('error', reject)
        child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`hyperfine exited ${code}`))))
      })
      return JSON.parse(readFileSync(exported, 'utf8')).results[0].times[0] * 1000
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}
