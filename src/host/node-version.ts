/** Asks a node binary for its versions, with the environment every workload gets, as the user its children run as (process, docker, doctor, image). */
import { execa } from 'execa'
import { WORKLOAD_ENV } from './env.js'
import type { ChildUser } from './user.js'

/**
 * `<node version> <v8 version>` of a node binary, e.g. `v20.20.2 11.3.244.8-node.33`; with a user,
 * run as that user from `/` (so a node that user cannot reach fails here with EACCES, not on every sample).
 */
export async function nodeVersionOf(nodePath: string, user?: ChildUser): Promise<string> {
  const { stdout } = await execa(nodePath, ['-p', 'process.version + " " + process.versions.v8'], {
    env: WORKLOAD_ENV,
    extendEnv: false,
    timeout: 10_000,
    ...(user ? { ...user, cwd: '/' } : {}),
  })
  return stdout.trim()
}
