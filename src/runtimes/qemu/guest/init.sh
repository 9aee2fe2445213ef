#!/bin/busybox sh
# isobench guest init (PID 1 of a qemu guest): loads the virtio modules, mounts the read-only disk
# that holds node and its libraries, then runs the unchanged node bootstrap on the virtio console
# port (its first line in, the hello, carries the nonce and the workload's source). Node flags arrive as init's arguments
# (after `--` on the kernel command line). When node ends, the guest powers off.
/bin/busybox echo "isobench-guest: init"
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs dev /dev
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs -o size=16m tmp /tmp
for module in $(cat /isobench/modules); do insmod "/lib/modules/$module" || echo "isobench-guest: cannot load $module"; done
until [ -e /dev/vda ]; do sleep 0.01; done
mkdir -p /disk && mount -t ext4 -o ro /dev/vda /disk || echo "isobench-guest: cannot mount the node disk"
for dir in $(cat /isobench/binds); do mkdir -p "/$dir" && mount --bind "/disk/$dir" "/$dir"; done
until ls /dev/vport*p1 >/dev/null 2>&1; do sleep 0.01; done
port=$(ls /dev/vport*p1 | head -n 1)
cd /isobench
env -i PATH=/usr/bin:/bin /usr/bin/node "$@" /isobench/bootstrap.mjs <>"$port" >&0
echo "isobench-guest: node exited ($?)"
poweroff -f
