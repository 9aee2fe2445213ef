import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostKeysIn, knownHostKeys, knownHostsName } from '../../../src/host/known-hosts.js'

const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIMaK5v2VXF3d9HAgtwDSrtZ9YyGuGT33pJQY2vFbsTWX'
const OTHER = 'AAAAC3NzaC1lZDI1NTE5AAAAIOtherOtherOtherOtherOtherOtherOtherOther'
// Reference: `ssh-keygen -H` (OpenSSH 9.2) hashed the line `[box.example]:2222 ssh-ed25519 KEY` into this one.
const HASHED = `|1|lZxS+wPy+4n3MXpzw9AVuKiEit8=|hQKZ/vhfMd8Hj74xBYLDu0c/HHY= ssh-ed25519 ${KEY}`

describe('known_hosts', () => {
  it('names a host as ssh writes it: bare on port 22, [host]:port otherwise', () => {
    expect(knownHostsName('box', 22)).toBe('box')
    expect(knownHostsName('box', 2222)).toBe('[box]:2222')
  })

  it('finds a plain entry among comma-separated names, and a hashed one as ssh-keygen -H wrote it', () => {
    expect(hostKeysIn(`# comment\nother.example ssh-ed25519 ${OTHER}\nalias,[box.example]:2222 ssh-ed25519 ${KEY}\n`, '[box.example]:2222').known).toEqual([KEY])
    expect(hostKeysIn(HASHED, '[box.example]:2222').known).toEqual([KEY])
    expect(hostKeysIn(HASHED, 'box.example').known).toEqual([]) // the port is part of the hashed name
  })

  it('honours wildcards and negation; @revoked refuses a key, @cert-authority is not a host key', () => {
    expect(hostKeysIn(`*.example ssh-ed25519 ${KEY}`, 'box.example').known).toEqual([KEY])
    expect(hostKeysIn(`*.example,!box.example ssh-ed25519 ${KEY}`, 'box.example').known).toEqual([])
    expect(hostKeysIn(`@cert-authority *.example ssh-ed25519 ${OTHER}`, 'box.example').known).toEqual([])
    const dir = mkdtempSync(join(tmpdir(), 'isobench-test-known-'))
    try {
      const user = join(dir, 'user')
      const system = join(dir, 'system')
      writeFileSync(user, `box ssh-ed25519 ${KEY}\nbox ssh-ed25519 ${OTHER}\n`)
      writeFileSync(system, `@revoked box ssh-ed25519 ${OTHER}\n`)
      expect(knownHostKeys('box', 22, [user, system, join(dir, 'missing')])).toEqual([KEY])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
