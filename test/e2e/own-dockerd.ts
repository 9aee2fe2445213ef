/**
 * A private Docker daemon for tests that break one: its own socket, data root, exec root (and so
 * its own containerd), pid file, config, cgroup parent and bridge, and no iptables or ip_forward
 * changes, so neither it nor its stop touches the machine's shared daemon. Needs root and dockerd.
 *
 * Never `--bridge none`: dockerd then deletes the interface named docker0, the shared daemon's
 * bridge. The private daemon gets a bridge of its own instead, made here and removed after.
 *
 * With `tls`, it stands in for a remote engine: it also listens on tcp://127.0.0.1:<free port> with
 * --tlsverify and certificates made here with openssl (a CA, a server certificate for 127.0.0.1, a
 * client certificate); crun and runsc are registered in its own daemon.json (scripts/docker-runtimes.mjs).
 * No network namespace: a loopback listener inside one would need a veth pair and routes to reach.
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Docker from 'dockerode'
import { ROOT } from '../helpers.js'

export interface OwnDockerd {
  /** The value for DOCKER_HOST (its unix socket). */
  host: string
  /** With tls: its TCP endpoint and the client's DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem). */
  tcp?: { host: string; certDir: string }
  /** Its own bridge interface (never docker0). */
  bridge: string
  cgroupParent: string
  dir: string
  pid: number
  /** Stops the daemon the way `systemctl stop docker` does (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>
  /** Stops it if still running, kills what it left (containerd, shims), unmounts, removes its dir. */
  destroy(): Promise<void>
}

/** Why a private daemon cannot run here, or undefined when it can. */
export function ownDockerdUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (a private dockerd needs root)'
  if (spawnSync('sh', ['-c', 'command -v dockerd'], { stdio: 'ignore' }).status !== 0) return 'dockerd is not installed'
  return undefined
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Pids of processes whose command line mentions dir (the daemon, its containerd, the shims). */
function processesUnder(dir: string): number[] {
  const pids: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(dir)) pids.push(Number(name))
    } catch {
      // gone
    }
  }
  return pids
}

/** Directories with this name in any cgroup hierarchy, a few levels deep. */
export function cgroupDirsNamed(name: string, dir = '/sys/fs/cgroup', depth = 4): string[] {
  if (depth === 0) return []
  const found: string[] = []
  let entries: import('node:fs').Dirent[] = []
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return found
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue
    const path = join(dir, entry.name)
    if (entry.name === name) found.push(path)
    else found.push(...cgroupDirsNamed(name, path, depth - 1))
  }
  return found
}

/** A free TCP port on loopback (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen))
  const { port } = server.address() as AddressInfo
  await new Promise((resolveClose) => server.close(resolveClose))
  return port
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate under dir/{server,client}; as docker's TLS guide does it. */
function makeCertificates(dir: string): { server: string; client: string } {
  const server = join(dir, 'server')
  const client = join(dir, 'client')
  const script = [
    `mkdir -p ${server} ${client} && cd ${dir}`,
    'openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=isobench-test-ca -keyout ca-key.pem -out ca.pem',
    'openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server/key.pem -out server.csr',
    'printf "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" > server.ext',
    'openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 -extfile server.ext -out server/cert.pem',
    'openssl req -newkey rsa:2048 -nodes -subj /CN=client -keyout client/key.pem -out client.csr',
    'printf "extendedKeyUsage=clientAuth\n" > client.ext',
    'openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 -extfile client.ext -out client/cert.pem',
    `cp ca.pem ${server}/ca.pem && cp ca.pem ${client}/ca.pem`,
  ].join(' && ')
  const made = spawnSync('sh', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'] })
  if (made.status !== 0) throw new Error(`openssl could not make the test certificates: ${made.stderr}`)
  return { server, client }
}

/** Starts a private daemon and waits until it answers (up to 60 s); `tls`: also on TCP with TLS, crun and runsc registered. */
export async function startOwnDockerd(options: { tls?: boolean; storageDriver?: string } = {}): Promise<OwnDockerd> {
  const dir = mkdtempSync('/tmp/isobench-faultd-')
  writeFileSync(join(dir, 'daemon.json'), '{}')
  let tcp: OwnDockerd['tcp']
  const tcpArgs: string[] = []
  if (options.tls) {
    spawnSync(process.execPath, [join(ROOT, 'scripts/docker-runtimes.mjs'), join(dir, 'daemon.json')], { stdio: 'ignore' })
    const certs = makeCertificates(join(dir, 'tls'))
    tcp = { host: `tcp://127.0.0.1:${await freePort()}`, certDir: certs.client }
    tcpArgs.push('--host', tcp.host, '--tlsverify', '--tlscacert', join(certs.server, 'ca.pem'), '--tlscert', join(certs.server, 'cert.pem'), '--tlskey', join(certs.server, 'key.pem'))
  }
  const suffix = randomBytes(3).toString('hex')
  const bridge = `isofd${suffix}` // at most 15 characters, as Linux wants
  const cgroupParent = `isobench-faultd-${suffix}`
  const made = spawnSync('sh', ['-c', `ip link add name ${bridge} type bridge && ip addr add 10.213.${randomBytes(1)[0]}.1/24 dev ${bridge} && ip link set ${bridge} up`], { stdio: 'ignore' })
  if (made.status !== 0) {
    spawnSync('ip', ['link', 'delete', bridge], { stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`could not create the private bridge ${bridge}`)
  }
  const socket = join(dir, 'docker.sock')
  const host = `unix://${socket}`
  const child = spawn('dockerd', [
    '--config-file', join(dir, 'daemon.json'),
    '--host', host,
    ...tcpArgs,
    '--data-root', join(dir, 'data'),
    '--exec-root', join(dir, 'exec'),
    '--pidfile', join(dir, 'docker.pid'),
    '--bridge', bridge, '--iptables=false', '--ip6tables=false', '--ip-masq=false', '--ip-forward=false', '--userland-proxy=false',
    '--cgroup-parent', cgroupParent,
    ...(options.storageDriver ? ['--storage-driver', options.storageDriver] : []),
    '--log-level', 'warn',
  ], { stdio: ['ignore', 'ignore', 'ignore'], detached: true })
  const pid = child.pid!
  child.unref()
  const api = new Docker({ socketPath: socket })
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      await api.ping()
      break
    } catch {
      if (!alive(pid) || Date.now() > deadline) {
        await destroy()
        throw new Error(`the private dockerd did not come up (see ${dir})`)
      }
      await sleep(250)
    }
  }

  async function stop(): Promise<void> {
    if (!alive(pid)) return
    process.kill(pid, 'SIGTERM')
    for (let i = 0; i < 200 && alive(pid); i++) await sleep(100)
    if (alive(pid)) process.kill(pid, 'SIGKILL')
  }

  async function destroy(): Promise<void> {
    await stop()
    for (const leftover of processesUnder(dir)) {
      try {
        process.kill(leftover, 'SIGKILL')
      } catch {
        // gone
      }
    }
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1] ?? '').filter((m) => m.startsWith(dir))
    for (const mount of mounts.sort().reverse()) spawnSync('umount', ['-l', mount], { stdio: 'ignore' })
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true })
    spawnSync('ip', ['link', 'delete', bridge], { stdio: 'ignore' })
    // The cgroup parent it made (under dockerd's own cgroup, in every hierarchy; empty by now).
    for (const group of cgroupDirsNamed(cgroupParent)) spawnSync('rmdir', [group], { stdio: 'ignore' })
  }

  return { host, tcp, bridge, cgroupParent, dir, pid, stop, destroy }
}
