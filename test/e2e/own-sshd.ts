/**
 * A throwaway sshd on 127.0.0.1 for the ssh:// Docker endpoint tests: its own host key, config and
 * authorized key in a fresh temp dir, an ssh-agent holding the client key (dockerode's ssh transport
 * authenticates through SSH_AUTH_SOCK), both killed and the dir removed by destroy(). Root only: the
 * key is authorized for root, who may run `docker system dial-stdio` on the local engine.
 */
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SSHD = '/usr/sbin/sshd'

export interface OwnSshd {
  /** ssh://root@127.0.0.1:PORT */
  url: string
  /** The agent socket to pass as SSH_AUTH_SOCK. */
  agentSocket: string
  /** A HOME whose ~/.ssh/known_hosts lists this sshd's host key (as `ssh` once, accepting it, would). */
  home: string
  destroy(): Promise<void>
}

/** Why a private sshd cannot run here, or undefined. */
export function ownSshdUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (the test key is authorized for root)'
  if (!existsSync(SSHD)) return `${SSHD} is missing: apt-get install openssh-server (scripts/ci/remote.sh)`
  return undefined
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export async function startOwnSshd(): Promise<OwnSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'isobench-test-sshd-'))
  chmodSync(dir, 0o700)
  const keygen = (name: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)])
  keygen('host_key')
  keygen('client_key')
  copyFileSync(join(dir, 'client_key.pub'), join(dir, 'authorized_keys'))
  const port = await freePort()
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password', 'PasswordAuthentication no', 'UsePAM no', 'StrictModes no', `PidFile ${join(dir, 'sshd.pid')}`,
  ].join('\n') + '\n')
  mkdirSync('/run/sshd', { recursive: true }) // its privilege-separation directory
  // -D: stays in the foreground, so it is this process's child and dies with destroy().
  const sshd = spawn(SSHD, ['-D', '-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')], { stdio: 'ignore' })
  const agentSocket = join(dir, 'agent.sock')
  const agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' })
  const destroy = async () => {
    for (const child of [sshd, agent]) child.kill('SIGTERM')
    await Promise.all([sshd, agent].map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once('exit', r)) : undefined)))
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    for (let i = 0; i < 50 && !existsSync(agentSocket); i++) await new Promise((r) => setTimeout(r, 100))
    execFileSync('ssh-add', ['-q', join(dir, 'client_key')], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } })
    const ssh = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-p', String(port), 'root@127.0.0.1', 'true']
    for (let i = 0; ; i++) {
      try {
        execFileSync('ssh', ssh, { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore' })
        break
      } catch (error) {
        if (i >= 50) throw new Error(`the private sshd on port ${port} did not accept the test key`, { cause: error })
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  } catch (error) {
    await destroy()
    throw error
  }
  const home = join(dir, 'home')
  mkdirSync(join(home, '.ssh'), { recursive: true })
  const [type, key] = readFileSync(join(dir, 'host_key.pub'), 'utf8').split(' ')
  writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${type} ${key}\n`)
  return { url: `ssh://root@127.0.0.1:${port}`, agentSocket, home, destroy }
}
