/** Asks a node binary for its versions, with the environment every workload gets (process, docker, doctor, image). */
import { execa } from 'execa'
import { WORKLOAD_ENV } from './env.js'

/** `<node version> <v8 version>` of a node binary, e.g. `v20.20.2 11.3.244.8-node.33`. */
export async function nodeVersionOf(nodePath: string): Promise<string> {
  const { stdout } = await execa(nodePath, ['-p', 'process.version + " " + process.versions.v8'], {
    env: WORKLOAD_ENV,
    extendEnv: false,
    timeout: 10_000,
  })
  return stdout.trim()
}
