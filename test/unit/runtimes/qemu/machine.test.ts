import { describe, expect, it } from 'vitest'
import { guestVcpus, kernelRelease, qemuArgs, type GuestCommand } from '../../../../src/runtimes/qemu/machine.js'

const command: GuestCommand = {
  accel: 'tcg', machine: 'pc', kernelPath: '/boot/vmlinuz', initrdPath: '/c/initrd.cpio', diskPath: '/c/node.ext2',
  memoryMb: 256, vcpus: 1, consoleSocket: '/tmp/x/console.sock', kernelWords: ['isobench-run=r1'], nodeArgs: ['--max-old-space-size=128'],
}
const valueOf = (args: string[], flag: string) => args.filter((_, i) => args[i - 1] === flag)

describe('qemuArgs', () => {
  it('boots with no network device, the memory and vCPUs given, a read-only disk, the channel on stdio and node flags after --', () => {
    const args = qemuArgs(command)
    expect(valueOf(args, '-nic')).toEqual(['none'])
    expect(valueOf(args, '-m')).toEqual(['256'])
    expect(valueOf(args, '-smp')).toEqual(['1'])
    expect(valueOf(args, '-accel')).toEqual(['tcg'])
    expect(valueOf(args, '-drive')).toEqual(['file=/c/node.ext2,if=none,format=raw,readonly=on,id=node'])
    expect(valueOf(args, '-chardev')).toContain('stdio,id=channel,signal=off')
    expect(valueOf(args, '-append')).toEqual(['console=ttyS0 quiet panic=-1 no_timer_check isobench-run=r1 -- --max-old-space-size=128'])
    expect(valueOf(args, '-device')).toEqual(['virtio-blk-pci,drive=node', 'virtio-serial-pci', 'virtserialport,chardev=channel,name=isobench'])
  })

  it('uses virtio-mmio devices on microvm and the host CPU under KVM', () => {
    const args = qemuArgs({ ...command, machine: 'microvm', accel: 'kvm' })
    expect(valueOf(args, '-M')[0]).toMatch(/^microvm,/)
    expect(valueOf(args, '-cpu')).toEqual(['host'])
    expect(valueOf(args, '-device')).toContain('virtio-serial-device')
  })

  it('gives one vCPU unless --cpus asks for more (rounded up)', () => {
    expect([0, 0.5, 1, 1.5, 2].map(guestVcpus)).toEqual([1, 1, 1, 2, 2])
  })
})

describe('kernelRelease', () => {
  it('reads the version string the setup header points at', () => {
    // Reference: Linux boot protocol: "HdrS" at 0x202, kernel_version (u16) at 0x20e, string at that + 0x200.
    const image = Buffer.alloc(0x400)
    image.write('HdrS', 0x202, 'latin1')
    image.writeUInt16LE(0x100, 0x20e)
    image.write('6.1.0-57-amd64 (debian-kernel@lists.debian.org) #1 SMP\0', 0x300, 'latin1')
    expect(kernelRelease(image)).toBe('6.1.0-57-amd64')
  })

  it('is undefined for a file that is not a bzImage', () => {
    expect(kernelRelease(Buffer.from('not a kernel'))).toBeUndefined()
  })
})
