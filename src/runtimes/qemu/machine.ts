/**
 * The guest kernel (the host's /boot, Debian's linux-image-amd64, or `--kernel PATH`) and the QEMU
 * command line of one guest. argv building is pure: one vCPU unless `--cpus`, `-m` from the memory
 * limit plus what the guest's kernel, init and node binary need, no network device, the virtio
 * console port as the bootstrap's channel on QEMU's stdio, the serial console to a socket.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The accelerators a guest can run on: hardware virtualization, or QEMU's emulated CPU. */
export type Accelerator = 'kvm' | 'tcg'
/** The machine types tried: `microvm` (no PCI, no firmware tables to speak of) and the classic `pc`. */
export type MachineType = 'microvm' | 'pc'
export const MACHINE_TYPES: readonly MachineType[] = ['microvm', 'pc']

/**
 * Guest RAM beyond the memory limit: the kernel (~30 MiB with its page tables and slab), the
 * initramfs unpacked into RAM (~5 MiB) and the page cache of the node binary read from the disk
 * (~45 MiB of the 99 MiB file is touched at start). The limit is the node heap cap, as in a child.
 */
export const GUEST_OVERHEAD_MB = 128

/** What one guest is booted with. */
export interface GuestCommand {
  accel: Accelerator
  machine: MachineType
  kernelPath: string
  initrdPath: string
  diskPath: string
  /** Guest RAM in MiB. */
  memoryMb: number
  vcpus: number
  /** The unix socket the serial console connects to (the harness listens there). */
  consoleSocket: string
  /** Words added to the kernel command line (the run marker, so `isobench clean` finds the process). */
  kernelWords: string[]
  /** Arguments of the guest's node (heap cap), passed to init after `--`. */
  nodeArgs: string[]
}

/** The vCPUs of a guest: `--cpus` rounded up, at least one. */
export const guestVcpus = (cpus: number) => Math.max(1, Math.ceil(cpus))

/** QEMU's argv for one guest. */
export function qemuArgs(command: GuestCommand): string[] {
  const isMicro = command.machine === 'microvm'
  const bus = isMicro ? 'device' : 'pci'
  const machine = isMicro ? 'microvm,isa-serial=on,pit=on,pic=on,rtc=on' : 'pc'
  // no_timer_check: on a loaded host an emulated guest's timer ticks arrive late and the kernel's
  // IO-APIC timer check panics ("IO-APIC + timer doesn't work"); VMs customarily skip it.
  const append = ['console=ttyS0', 'quiet', 'panic=-1', 'no_timer_check', ...command.kernelWords, '--', ...command.nodeArgs].join(' ')
  return [
    '-accel', command.accel, '-M', machine, ...(command.accel === 'kvm' ? ['-cpu', 'host'] : []),
    '-m', String(command.memoryMb), '-smp', String(command.vcpus),
    '-nodefaults', '-no-user-config', '-display', 'none', '-monitor', 'none', '-nic', 'none', '-no-reboot',
    '-chardev', `socket,id=console,path=${command.consoleSocket}`, '-serial', 'chardev:console',
    '-kernel', command.kernelPath, '-initrd', command.initrdPath, '-append', append,
    '-drive', `file=${command.diskPath},if=none,format=raw,readonly=on,id=node`, '-device', `virtio-blk-${bus},drive=node`,
    '-chardev', 'stdio,id=channel,signal=off', '-device', `virtio-serial-${bus}`, '-device', 'virtserialport,chardev=channel,name=isobench',
  ]
}

/**
 * The release of a bzImage kernel (`6.1.0-57-amd64`), read from its setup header: the 16-bit
 * `kernel_version` field at 0x20e points (+0x200) at the version string (Linux boot protocol).
 */
export function kernelRelease(image: Buffer): string | undefined {
  if (image.length < 0x210 || image.toString('latin1', 0x202, 0x206) !== 'HdrS') return undefined
  const at = image.readUInt16LE(0x20e) + 0x200
  const end = image.indexOf(0, at)
  return end > at ? image.toString('latin1', at, end).split(' ')[0] : undefined
}

/** Compares kernel releases like `sort -V` (6.1.0-57 after 6.1.0-9). */
const byVersion = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

/** The newest readable `/boot/vmlinuz-*`, or undefined. */
export function findHostKernel(bootDir = '/boot'): string | undefined {
  let names: string[] = []
  try {
    names = readdirSync(bootDir).filter((name) => name.startsWith('vmlinuz-')).sort(byVersion)
  } catch {
    return undefined
  }
  for (const name of names.reverse()) {
    const path = join(bootDir, name)
    try {
      if (kernelRelease(readFileSync(path))) return path
    } catch {
      // unreadable: try the next
    }
  }
  return undefined
}
