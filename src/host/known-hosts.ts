/**
 * OpenSSH known_hosts, read as ssh does it, for the ssh:// Docker endpoint: dockerode's ssh transport
 * (ssh2) accepts any host key unless it is given a verifier, where the docker CLI (which runs ssh)
 * refuses a host it does not know. Entries: plain (comma-separated names, `[host]:port`, `*`/`?`
 * wildcards, `!` negation) and hashed (`|1|salt|hmac-sha1`); `@revoked` keys are refused,
 * `@cert-authority` lines are not host keys and are skipped.
 */
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The name a known_hosts line uses for host:port (ssh writes `[host]:port` unless the port is 22). */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

function globMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i')
  return regex.test(name)
}

/** Whether one host field (the first column) names `name`. */
function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|')
    if (!salt || !hash) return false
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
  }
  let matched = false
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatches(pattern.slice(1), name)) return false
    } else if (globMatches(pattern, name)) matched = true
  }
  return matched
}

/** Pure: the host keys (base64 key blobs) known and revoked for `name` in one known_hosts text. */
export function hostKeysIn(text: string, name: string): { known: string[]; revoked: string[] } {
  const known: string[] = []
  const revoked: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const fields = line.split(/\s+/)
    const marker = fields[0]!.startsWith('@') ? fields.shift() : undefined
    const [hosts, , key] = fields
    if (!hosts || !key || marker === '@cert-authority' || !hostFieldMatches(hosts, name)) continue
    ;(marker === '@revoked' ? revoked : known).push(key)
  }
  return { known, revoked }
}

/** The files ssh reads: the user's, then the system's. */
export function knownHostsFiles(home = homedir()): string[] {
  return [join(home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts']
}

/** The keys known (not revoked) for host:port across the known_hosts files that exist. */
export function knownHostKeys(host: string, port: number, files = knownHostsFiles()): string[] {
  const name = knownHostsName(host, port)
  const known: string[] = []
  const revoked = new Set<string>()
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    const found = hostKeysIn(text, name)
    known.push(...found.known)
    for (const key of found.revoked) revoked.add(key)
  }
  return known.filter((key) => !revoked.has(key))
}
