import { describe, expect, it } from 'vitest'
import { moduleLoadOrder, moduleName } from '../../../../src/runtimes/qemu/modules.js'

// Reference: lines as in Debian 12's /lib/modules/6.1.0-*/modules.dep.
const DEP = `kernel/fs/mbcache.ko:
kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko
kernel/fs/jbd2/jbd2.ko:
kernel/lib/crc16.ko:
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/char/virtio_console.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
`

describe('moduleLoadOrder', () => {
  it('puts every dependency before the module that needs it, each once', () => {
    expect(moduleLoadOrder(DEP, ['virtio_console', 'ext4'])).toEqual([
      'kernel/drivers/virtio/virtio_ring.ko',
      'kernel/drivers/virtio/virtio.ko',
      'kernel/drivers/char/virtio_console.ko',
      'kernel/lib/crc16.ko',
      'kernel/fs/mbcache.ko',
      'kernel/fs/jbd2/jbd2.ko',
      'kernel/fs/ext4/ext4.ko',
    ])
  })

  it('skips a module that is not in modules.dep (built into the kernel)', () => {
    expect(moduleLoadOrder(DEP, ['virtio_blk'])).toEqual([])
  })

  it('names modules as modprobe does', () => {
    expect(moduleName('kernel/drivers/char/hw_random/virtio-rng.ko.xz')).toBe('virtio_rng')
  })
})
