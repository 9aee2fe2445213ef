import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeCpio } from '../../../../src/runtimes/qemu/cpio.js'

describe('writeCpio', () => {
  it('writes a newc header, the name padded to 4 bytes, the data padded to 4, and the trailer', () => {
    const bytes = writeCpio([{ path: 'a', type: 'file', data: 'xyz', mode: 0o644 }])
    // Reference: 110-byte header + "a\0" = 112 (aligned), data 3 bytes + 1 pad = 116, then the trailer entry.
    expect(bytes.toString('latin1', 0, 6)).toBe('070701')
    expect(bytes.toString('latin1', 14, 22)).toBe('000081a4') // regular file, 0644
    expect(bytes.toString('latin1', 54, 62)).toBe('00000003') // filesize
    expect(bytes.toString('latin1', 110, 112)).toBe('a\0')
    expect(bytes.toString('latin1', 112, 115)).toBe('xyz')
    expect(bytes.toString('latin1', 116, 122)).toBe('070701')
    expect(bytes.toString('latin1').includes('TRAILER!!!\0')).toBe(true)
    expect(bytes.length % 4).toBe(0)
  })

  it('round-trips through GNU cpio: directories, files, a symlink and a device node made without root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isobench-cpio-test-'))
    try {
      const archive = join(dir, 'a.cpio')
      writeFileSync(archive, writeCpio([
        { path: 'bin', type: 'dir' },
        { path: 'bin/tool', type: 'file', data: '#!/bin/sh\n', mode: 0o755 },
        { path: 'bin/link', type: 'symlink', target: 'tool' },
        { path: 'dev', type: 'dir' },
        { path: 'dev/console', type: 'chardev', major: 5, minor: 1 },
      ]))
      const listing = execFileSync('cpio', ['-itv', '--quiet', '-F', archive], { encoding: 'utf8' })
      expect(listing).toMatch(/^crw------- .* 5, +1 .* dev\/console$/m)
      expect(listing).toMatch(/^lrwxrwxrwx .* bin\/link -> tool$/m)
      const out = join(dir, 'out')
      execFileSync('sh', ['-c', `mkdir ${out} && cd ${out} && cpio -id --quiet --no-absolute-filenames -F ${archive} bin/tool bin/link`])
      expect(readFileSync(join(out, 'bin/tool'), 'utf8')).toBe('#!/bin/sh\n')
      expect(statSync(join(out, 'bin/tool')).mode & 0o777).toBe(0o755)
      expect(readlinkSync(join(out, 'bin/link'))).toBe('tool')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
