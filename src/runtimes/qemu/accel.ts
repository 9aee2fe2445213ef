/**
 * Acceleration and machine type are measured, not assumed. KVM is used only if a tiny guest (the
 * kernel alone, no initramfs) prints on its serial console within a short timeout under it: on a
 * host whose /dev/kvm cannot run ordinary guests (nested PVM here) the guest stays silent and TCG,
 * QEMU's emulated CPU, is used. The machine type is the faster to boot to a ready bootstrap of
 * `microvm` and `pc`, timed once per guest image and accelerator and kept beside the image.
 */
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { WORKLOAD_ENV } from '../../host/env.js'
import { errorLine } from '../../errors.js'
import type { RunContext } from '../types.js'
import { startGuest, type GuestConfig } from './guest.js'
import { MACHINE_TYPES, type Accelerator, type MachineType } from './machine.js'

/** How long the KVM guest may take to print its first line (a KVM kernel prints within ~0.2 s). */
export const KVM_PROBE_TIMEOUT_MS = 5000

/** Which accelerator guests get, and why. */
export interface AcceleratorChoice {
  accel: Accelerator
  why: string
}

/** Boots the kernel alone under KVM; KVM if it printed on its console within the timeout, else TCG. */
export async function probeAccelerator(qemuPath: string, kernelPath: string): Promise<AcceleratorChoice> {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK)
  } catch {
    return { accel: 'tcg', why: '/dev/kvm is absent or not usable by this user' }
  }
  const args = ['-accel', 'kvm', '-cpu', 'host', '-M', 'pc', '-m', '64', '-nodefaults', '-no-user-config', '-display', 'none', '-monitor', 'none', '-nic', 'none', '-no-reboot',
    '-serial', 'stdio', '-kernel', kernelPath, '-append', 'console=ttyS0 panic=-1']
  const child = execa(qemuPath, args, { env: WORKLOAD_ENV, extendEnv: false, stdin: 'ignore', buffer: false, reject: false, cleanup: true, forceKillAfterDelay: false })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const printed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), KVM_PROBE_TIMEOUT_MS)
    child.stdout?.once('data', () => (clearTimeout(timer), resolve(true)))
    void child.then(() => (clearTimeout(timer), resolve(false)))
  })
  child.kill('SIGKILL')
  await child
  if (printed) return { accel: 'kvm', why: 'a KVM guest printed on its console' }
  const said = stderr.trim().split('\n')[0]
  return { accel: 'tcg', why: said ? `KVM failed: ${said}` : `a KVM guest printed nothing within ${KVM_PROBE_TIMEOUT_MS} ms (KVM unusable here, e.g. nested PVM)` }
}

/** The machine type chosen for an image and accelerator, with the boot times that chose it. */
export interface MachineChoice {
  machine: MachineType
  /** Per machine type: its boot to ready in ms, or why it did not get there. */
  trials: Partial<Record<MachineType, number | string>>
}

const TRIAL_WORKLOAD = { name: 'machine-trial', path: '(built in)', source: 'export default function handler() { return null }\n' }

/** One boot of a trial guest to ready: its time in ms, or why it failed. */
async function trialBoot(config: GuestConfig, ctx: RunContext): Promise<number | string> {
  const t0 = ctx.now()
  try {
    const instance = await startGuest(config, TRIAL_WORKLOAD, ctx)
    const ms = Math.round(ctx.now() - t0)
    await instance.stop()
    return ms
  } catch (error) {
    return errorLine(error).split('\n')[0]!
  }
}

/**
 * A machine type whose guest hung at boot during a run is dropped for this image and accelerator:
 * the record beside the image keeps the other type from then on, with why (microvm's boot hangs now
 * and then under TCG here, in the guest kernel's timer set-up). Returns the choice now in force.
 */
export function dropMachine(base: Pick<GuestConfig, 'image' | 'accel'>, choice: MachineChoice, hung: MachineType, why: string): MachineChoice {
  const others = MACHINE_TYPES.filter((type) => type !== hung && typeof choice.trials[type] === 'number')
  const next: MachineChoice = { machine: others[0] ?? hung, trials: { ...choice.trials, [hung]: why } }
  try {
    writeFileSync(join(base.image.dir, `machine-${base.accel}.json`), JSON.stringify(next) + '\n')
  } catch {
    // the cache is read-only: this run keeps the choice in memory
  }
  return next
}

/**
 * The faster machine type, from the record beside the image or measured now: `pc` first, then
 * `microvm` bounded by pc's time (a slower boot loses anyway), so a type that hangs costs one bound.
 */
export async function chooseMachine(base: Omit<GuestConfig, 'machine'>, ctx: RunContext, remeasure = false): Promise<MachineChoice> {
  const record = join(base.image.dir, `machine-${base.accel}.json`)
  if (!remeasure) {
    try {
      return JSON.parse(readFileSync(record, 'utf8')) as MachineChoice
    } catch {
      // not measured yet
    }
  }
  ctx.log(`timing a boot of each machine type (${MACHINE_TYPES.join(', ')}) under ${base.accel} (once per guest image)`)
  const trials: MachineChoice['trials'] = {}
  trials.pc = await trialBoot({ ...base, machine: 'pc' }, ctx)
  const bound = typeof trials.pc === 'number' ? Math.ceil(trials.pc * 1.25) : base.startTimeoutMs
  trials.microvm = await trialBoot({ ...base, machine: 'microvm', startTimeoutMs: bound }, ctx)
  const booted = MACHINE_TYPES.filter((type) => typeof trials[type] === 'number').sort((a, b) => (trials[a] as number) - (trials[b] as number))
  const choice: MachineChoice = { machine: booted[0] ?? 'pc', trials }
  if (booted.length > 0) writeFileSync(record, JSON.stringify(choice) + '\n')
  return choice
}

/** `qemu-system-x86_64 --version` → `7.2.22`. */
export async function qemuVersion(qemuPath: string): Promise<string> {
  const { stdout } = await execa(qemuPath, ['--version'], { env: WORKLOAD_ENV, extendEnv: false, timeout: 10_000 })
  return /version (\S+)/.exec(stdout)?.[1] ?? stdout.split('\n')[0]!
}
