#!/usr/bin/env node
// Runs isobench on a cgroup v2 kernel when this host is not one (a v1 or hybrid host, like CI's):
// boots the host's own kernel under QEMU (TCG, since /dev/kvm may not take a guest) with the host's
// root filesystem shared read-only over 9p, mounts cgroup2 with every controller, and runs the given
// shell command there in a chroot of the host's files (its node, node_modules and this checkout),
// made writable by an overlay on a tmpfs: what the guest writes stays in its RAM and is gone with
// it. The command's output comes back on the serial console; the guest's exit status is this
// script's. Used by CI to check the v2 code paths end to end (budget groups, child cgroups, cleanup);
// also by hand:
//   node .ci/cgroup-v2-guest.mjs "cd $PWD && bin/isobench.js run -s cold-start -R process"
// ISOBENCH_GUEST_MEMORY_MB sets the guest's RAM (default 2048; half of it holds what the guest writes).
// The host's /run is not shared (a tmpfs of the guest's own is there), so a dockerd can run inside.
// Builds its initramfs with isobench's own cpio writer and module order (dist/), into a temp dir
// removed at exit; QEMU is killed on SIGINT/SIGTERM.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeCpio } from '../dist/runtimes/qemu/cpio.js'
import { findHostKernel, kernelRelease } from '../dist/runtimes/qemu/machine.js'
import { moduleLoadOrder } from '../dist/runtimes/qemu/modules.js'

const command = process.argv.slice(2).join(' ')
// Guest RAM and the tmpfs under the overlay (what the guest writes: results, a dockerd's images).
const memoryMb = Number(process.env.ISOBENCH_GUEST_MEMORY_MB ?? 2048)
const scratchMb = Math.floor(memoryMb / 2)
if (!command) {
  console.error("usage: node .ci/cgroup-v2-guest.mjs '<shell command run in the guest>'")
  process.exit(2)
}
const kernel = findHostKernel()
if (!kernel) {
  console.error('cgroup-v2-guest: no readable /boot/vmlinuz-* (apt-get install linux-image-amd64)')
  process.exit(2)
}
const release = kernelRelease(readFileSync(kernel))
const modulesDir = `/lib/modules/${release}`
const modules = moduleLoadOrder(readFileSync(join(modulesDir, 'modules.dep'), 'utf8'), ['virtio_pci', '9pnet_virtio', '9p', 'overlay'])

// PID 1: the 9p root under a tmpfs overlay, with the guest's own /proc, /sys and /dev, and cgroup2
// at /sys/fs/cgroup; the command runs in the chroot as root, with a minimal environment.
const init = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs dev /dev
mount -t proc proc /proc
mount -t sysfs sys /sys
for module in $(cat /modules); do insmod "/lib/modules/$module" || echo "cgroup-v2-guest: cannot load $module"; done
mkdir -p /lower /rw && mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /lower || echo "cgroup-v2-guest: cannot mount the host's files"
mount -t tmpfs -o size=${scratchMb}m rw /rw && mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /host || echo "cgroup-v2-guest: cannot overlay the host's files"
mount -t proc proc /host/proc
mount -t sysfs sys /host/sys
mount -t devtmpfs dev /host/dev
mount -t tmpfs -o mode=755 run /host/run
mount -t cgroup2 cgroup2 /host/sys/fs/cgroup
echo "cgroup-v2-guest: kernel $(uname -r), cgroup2 controllers: $(cat /host/sys/fs/cgroup/cgroup.controllers)"
chroot /host /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root NO_COLOR=1 /bin/sh -c "$(cat /cmd)"
echo "cgroup-v2-guest: exit $?"
poweroff -f
`
const entries = [
  ...['bin', 'dev', 'proc', 'sys', 'host', 'lib', 'lib/modules'].map((path) => ({ path, type: 'dir' })),
  { path: 'dev/console', type: 'chardev', major: 5, minor: 1 },
  { path: 'bin/busybox', type: 'file', data: readFileSync('/bin/busybox'), mode: 0o755 },
  { path: 'init', type: 'file', data: init, mode: 0o755 },
  { path: 'cmd', type: 'file', data: command },
  { path: 'modules', type: 'file', data: modules.map((path) => path.split('/').pop()).join('\n') + '\n' },
  ...modules.map((path) => ({ path: `lib/modules/${path.split('/').pop()}`, type: 'file', data: readFileSync(join(modulesDir, path)) })),
]
const work = mkdtempSync(join(tmpdir(), 'isobench-v2-guest-'))
const initrd = join(work, 'initrd.cpio')
writeFileSync(initrd, writeCpio(entries))

const qemu = spawn('qemu-system-x86_64', [
  '-accel', 'tcg', '-M', 'pc', '-m', String(memoryMb), '-smp', '2',
  '-nodefaults', '-no-user-config', '-display', 'none', '-monitor', 'none', '-nic', 'none', '-no-reboot',
  '-serial', 'stdio', '-kernel', kernel, '-initrd', initrd, '-append', 'console=ttyS0 quiet panic=-1 no_timer_check',
  '-fsdev', 'local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap', '-device', 'virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot',
], { stdio: ['ignore', 'pipe', 'inherit'] })
let status = 1
let rest = ''
qemu.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  rest = (rest + chunk.toString()).slice(-4096)
  const match = /cgroup-v2-guest: exit (\d+)/.exec(rest)
  if (match) status = Number(match[1])
})
const end = () => qemu.kill('SIGKILL')
process.on('SIGINT', end).on('SIGTERM', end)
qemu.on('close', (code) => {
  rmSync(work, { recursive: true, force: true })
  if (code !== 0) console.error(`cgroup-v2-guest: qemu exited with ${code}`)
  process.exit(code === 0 ? status : 1)
})
