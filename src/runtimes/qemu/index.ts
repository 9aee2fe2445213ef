/**
 * qemu: the heavy baseline, one QEMU virtual machine per instance with its own kernel, running the
 * same node binary, bootstrap and workload bytes as the process and docker rows (guest.ts). The
 * guest (image.ts) is built from the host's node and the kernel's modules on first use and cached;
 * the kernel is the host's newest /boot/vmlinuz-* or `--kernel PATH`. KVM is used only when a KVM
 * guest is seen to boot, else TCG (accel.ts), which is recorded and noted under the tables.
 * A start is bounded by max(--timeout, START_TIMEOUT_MS): a boot takes seconds, tens under TCG on
 * a loaded host; each request keeps --timeout. QEMU processes carry the run marker on their kernel
 * command line, so cleanup(runId) and `isobench clean` find them.
 */
import { readFileSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { locateBinary, type BinarySpec } from '../../host/locate.js'
import { findRunProcesses, sigkill } from '../../host/proc.js'
import type { Availability, Instance, Runtime, RuntimeInfo, RunContext, RuntimeOptions, Workload } from '../types.js'
import { chooseMachine, dropMachine, probeAccelerator, qemuVersion, type AcceleratorChoice, type MachineChoice } from './accel.js'
import { HUNG_BOOT, startGuest, type GuestConfig } from './guest.js'
import { ensureGuestImage } from './image.js'
import { findHostKernel, GUEST_OVERHEAD_MB, kernelRelease } from './machine.js'

export const QEMU_BINARY: BinarySpec = { wrapper: 'qemu', platformPackages: {}, binaryInPackage: '', command: 'qemu-system-x86_64', installHint: 'apt-get install qemu-system-x86' }
/** The least time a guest's start gets (the boot of a VM, emulated or not). */
export const START_TIMEOUT_MS = { kvm: 30_000, tcg: 120_000 } as const
/** A boot that takes this many times the measured one (at least HANG_FLOOR_MS) is a hung guest. */
const HANG_FACTOR = 6
const HANG_FLOOR_MS = 45_000
export const TCG_NOTE = 'emulated CPU (TCG): far slower than a KVM guest; not representative of production VMs'
/** Cold-start samples per scenario at most: a boot takes seconds (tens under TCG on a loaded host). */
export const SAMPLE_CAP = { kvm: { runs: 10, warmup: 1 }, tcg: { runs: 5, warmup: 1 } } as const
const capNote = (accel: 'kvm' | 'tcg') => `qemu takes at most ${SAMPLE_CAP[accel].runs} runs + ${SAMPLE_CAP[accel].warmup} warm-up per scenario (a VM boot takes seconds)`

/** Where the pieces of a guest are, once found by probe. */
interface Found {
  qemuPath: string
  kernelPath: string
  kernelRelease: string
  accel: AcceleratorChoice
}

async function probeQemu(options: RuntimeOptions): Promise<{ found: Found; info: RuntimeInfo } | Extract<Availability, { available: false }>> {
  const qemu = locateBinary(QEMU_BINARY)
  if (!qemu) return { available: false, reason: 'qemu-system-x86_64 is not installed', fix: 'apt-get install --no-install-recommends qemu-system-x86 linux-image-amd64 busybox-static (scripts/setup.sh does it)' }
  const kernelPath = options.kernelPath ?? findHostKernel()
  if (!kernelPath) return { available: false, reason: 'no guest kernel: no readable /boot/vmlinuz-*', fix: 'apt-get install linux-image-amd64, or pass --kernel PATH to a bzImage' }
  let release: string | undefined
  try {
    release = kernelRelease(readFileSync(kernelPath))
  } catch {
    // reported below
  }
  if (!release) return { available: false, reason: `${kernelPath} is not a readable Linux bzImage`, fix: 'pass --kernel PATH to a bzImage kernel (e.g. /boot/vmlinuz-*)' }
  let version: string
  try {
    version = await qemuVersion(qemu.path)
  } catch (error) {
    return { available: false, reason: `${qemu.path} does not run (${(error as Error).message.split('\n')[0]})`, fix: 'reinstall it: apt-get install qemu-system-x86' }
  }
  const accel = await probeAccelerator(qemu.path, kernelPath)
  const details = {
    qemu: version, qemuPath: qemu.path, accelerator: accel.accel, acceleratorWhy: accel.why, kernel: kernelPath, kernelRelease: release,
    guestMemoryOverheadMb: GUEST_OVERHEAD_MB, startTimeoutMs: START_TIMEOUT_MS[accel.accel], network: 'none (-nic none)',
  }
  const note = accel.accel === 'tcg' ? `${TCG_NOTE}; ${capNote('tcg')}` : capNote('kvm')
  const info: RuntimeInfo = { version: `qemu ${version} (${accel.accel})`, details, note }
  return { found: { qemuPath: qemu.path, kernelPath, kernelRelease: release, accel }, info }
}

/** The qemu runtime, plus `rebuild` (`isobench image build --vm`): the guest built again and its machine types timed again. */
export function createQemuRuntime(options: RuntimeOptions): Runtime & { rebuild(ctx: RunContext): Promise<string> } {
  let found: Found | undefined
  let probed: RuntimeInfo | undefined
  let config: Omit<GuestConfig, 'startTimeoutMs'> | undefined
  let machineChoice: MachineChoice | undefined
  /** After a guest of the chosen machine type hung at boot: the other type from now on (and for later runs), said in the details. */
  const dropHungMachine = (ctx: RunContext, error: Error) => {
    if (!config || !machineChoice || !HUNG_BOOT.test(error.message)) return
    const hung = config.machine
    machineChoice = dropMachine(config, machineChoice, hung, `hung at boot in a run (${error.message.split(';')[0]})`)
    if (machineChoice.machine === hung) return
    config = configFor(config, machineChoice)
    ctx.log(`qemu: a ${hung} guest hung at boot; ${machineChoice.machine} from now on (kept for later runs)`)
    Object.assign(probed!.details, { machine: machineChoice.machine, machineTrials: JSON.stringify(machineChoice.trials), machineFallback: `${hung} hung at boot during the run; ${machineChoice.machine} since` })
  }
  const prepareGuest = async (ctx: RunContext, rebuild: boolean) => {
    if (!found) throw new Error('qemu runtime used before probe()')
    const image = await ensureGuestImage({ nodePath: options.nodePath, kernelRelease: found.kernelRelease }, ctx.log, rebuild)
    const base = { qemuPath: found.qemuPath, accel: found.accel.accel, kernelPath: found.kernelPath, image, startTimeoutMs: startTimeout(found, ctx) }
    const choice = await chooseMachine(base, ctx, rebuild)
    machineChoice = choice
    config = configFor(base, choice)
    Object.assign(probed!.details, {
      machine: choice.machine, machineTrials: JSON.stringify(choice.trials), guestImage: image.key,
      guestInitrdBytes: image.initrdBytes, guestDiskBytes: image.diskBytes, nodePath: options.nodePath,
    })
    return probed!.details
  }
  return {
    name: 'qemu',
    get sampleCap() {
      return SAMPLE_CAP[found?.accel.accel ?? 'tcg']
    },
    description: 'a QEMU virtual machine per instance (own kernel; KVM if a KVM guest boots here, else emulated TCG), bootstrap over a virtio console port',
    async probe() {
      const result = await probeQemu(options)
      if ('available' in result) return result
      found = result.found
      probed = result.info
      return { available: true, info: result.info }
    },
    prepare: async (ctx: RunContext) => void (await prepareGuest(ctx, false)),
    async rebuild(ctx: RunContext) {
      const d = await prepareGuest(ctx, true)
      const mib = (bytes: unknown) => `${(Number(bytes) / 1048576).toFixed(1)} MiB`
      return `qemu guest ${d.guestImage}: initramfs ${mib(d.guestInitrdBytes)}, node disk ${mib(d.guestDiskBytes)}; kernel ${d.kernelRelease}; ${d.accelerator}; machine ${d.machine} (boot to ready, ms: ${d.machineTrials})`
    },
    start(workload: Workload, ctx: RunContext): Promise<Instance> {
      if (!config || !found) return Promise.reject(new Error('qemu runtime used before prepare()'))
      return startGuest({ ...config, startTimeoutMs: startTimeout(found, ctx) }, workload, ctx).catch((error: Error) => {
        dropHungMachine(ctx, error)
        throw error
      })
    },
    /** Kills this run's QEMU processes (one caught mid-start) and removes their console directories. */
    async cleanup(runId: string) {
      for (const pid of await findRunProcesses(runId)) sigkill(pid)
      const prefix = `isobench-qemu-${runId}-`
      const names = await readdir(tmpdir()).catch(() => [] as string[])
      await Promise.all(names.filter((name) => name.startsWith(prefix)).map((name) => rm(join(tmpdir(), name), { recursive: true, force: true })))
    },
  }
}

/** The guest config for a machine choice: its type, and the hang bound from its measured boot. */
function configFor<T extends Omit<GuestConfig, 'startTimeoutMs' | 'machine' | 'hangAfterMs'>>(base: T, choice: MachineChoice): T & Pick<GuestConfig, 'machine' | 'hangAfterMs'> {
  const trialMs = choice.trials[choice.machine]
  return { ...base, machine: choice.machine, hangAfterMs: typeof trialMs === 'number' ? { ms: Math.max(HANG_FLOOR_MS, HANG_FACTOR * trialMs), trialMs } : undefined }
}

const startTimeout = (found: Found, ctx: RunContext) => Math.max(ctx.limits.timeoutMs, START_TIMEOUT_MS[found.accel.accel])
