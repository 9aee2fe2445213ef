import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dropMachine } from '../../../../src/runtimes/qemu/accel.js'
import type { GuestImage } from '../../../../src/runtimes/qemu/image.js'

describe('a machine type whose guest hung at boot is dropped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'isobench-test-vm-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const base = { image: { dir } as GuestImage, accel: 'tcg' as const }

  it('keeps the other type from then on, in memory and in the record beside the image, with why', () => {
    const next = dropMachine(base, { machine: 'microvm', trials: { pc: 9000, microvm: 8108 } }, 'microvm', 'hung at boot in a run')
    expect(next).toEqual({ machine: 'pc', trials: { pc: 9000, microvm: 'hung at boot in a run' } })
    expect(JSON.parse(readFileSync(join(dir, 'machine-tcg.json'), 'utf8'))).toEqual(next)
  })

  it('stays with the hung type when the other never booted (nothing better to go to)', () => {
    expect(dropMachine(base, { machine: 'pc', trials: { pc: 9000, microvm: 'no ready within 11250 ms' } }, 'pc', 'hung').machine).toBe('pc')
  })
})
