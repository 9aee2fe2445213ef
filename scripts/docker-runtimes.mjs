// Registers the OCI runtimes isobench measures (crun, runsc) in a dockerd daemon.json, keeping
// everything else the file holds. runsc gets "--network=none" (it cannot run with the host's root
// network namespace otherwise). Prints "changed" when it wrote the file (dockerd then needs SIGHUP).
// Usage: node scripts/docker-runtimes.mjs [/etc/docker/daemon.json]
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

const file = process.argv[2] ?? '/etc/docker/daemon.json'
let config = {}
try {
  config = JSON.parse(readFileSync(file, 'utf8'))
} catch (error) {
  if (error.code !== 'ENOENT') {
    console.error(`${file} is not valid JSON (${error.message}); add crun and runsc under "runtimes" by hand`)
    process.exit(1)
  }
}
const before = JSON.stringify(config)
config.runtimes ??= {}
config.runtimes.crun ??= { path: '/usr/bin/crun' }
const runsc = (config.runtimes.runsc ??= { path: '/usr/bin/runsc' })
runsc.runtimeArgs ??= []
if (!runsc.runtimeArgs.includes('--network=none')) runsc.runtimeArgs.push('--network=none')
if (JSON.stringify(config) !== before) {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(`${file}.isobench-tmp`, JSON.stringify(config, null, 2) + '\n')
  renameSync(`${file}.isobench-tmp`, file)
  console.log('changed')
}
