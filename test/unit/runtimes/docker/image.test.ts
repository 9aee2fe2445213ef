import { describe, expect, it } from 'vitest'
import { parseLdd } from '../../../../src/runtimes/docker/image.js'

describe('parseLdd', () => {
  it('keeps the libraries and the loader, drops the vdso', () => {
    const output = [
      '\tlinux-vdso.so.1 (0x00007ffd3a1f2000)',
      '\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f2c3c000000)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2c3be1f000)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007f2c3f8a5000)',
    ].join('\n')
    expect(parseLdd(output)).toEqual(['/lib/x86_64-linux-gnu/libstdc++.so.6', '/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2'])
  })
})
