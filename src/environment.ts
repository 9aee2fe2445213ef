/** The machine a result was measured on: recorded in every result and printed by `isobench doctor`. */
import { existsSync, readFileSync } from 'node:fs'
import { cpus, hostname, loadavg, release, totalmem, type as osType } from 'node:os'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** isobench's own version, from package.json. */
export const TOOL_VERSION = (require('../package.json') as { version: string }).version

/** cgroup layout from which marker files exist: v2 (unified), v1 (v1 memory controller, maybe hybrid) or none. */
export function cgroupVersionFrom(exists: (path: string) => boolean, root = '/sys/fs/cgroup'): 'v2' | 'v1' | 'none' {
  if (exists(`${root}/cgroup.controllers`)) return 'v2'
  if (exists(`${root}/memory`)) return 'v1'
  return 'none'
}

/** cgroup layout of this machine. */
export function cgroupVersion(): 'v2' | 'v1' | 'none' {
  return cgroupVersionFrom(existsSync)
}

/** PRETTY_NAME of an os-release file (quoted or not); '' when absent. Reference: os-release(5). */
export function parseOsRelease(text: string): string {
  const match = /^PRETTY_NAME=(.*)$/m.exec(text)
  return match ? match[1]!.trim().replace(/^(["'])(.*)\1$/, '$2') : ''
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** The installed isolated-vm's version from its package.json (without loading the addon); '' if absent. */
export function isolatedVmVersion(): string {
  try {
    return (require('isolated-vm/package.json') as { version: string }).version
  } catch {
    return ''
  }
}

/** The host facts; runtimes add their own versions (docker engine, OCI runtime, image id) per row. */
export function collectEnvironment(): Record<string, unknown> {
  const cpuList = cpus()
  const governor = readText('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor').trim()
  return {
    // ISOBENCH_HOST names the machine where the hostname does not (a pod: set it to the node's name)
    hostname: process.env.ISOBENCH_HOST || hostname(),
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cpuCount: cpuList.length,
    cpuGovernor: governor || null,
    memoryTotalBytes: totalmem(),
    os: parseOsRelease(readText('/etc/os-release')) || osType(),
    kernel: release(),
    arch: process.arch,
    cgroup: cgroupVersion(),
    // a busy machine explains wide spreads: 1, 5 and 15 minute load averages when the run began
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
    node: process.version,
    v8: process.versions.v8,
    isolatedVm: isolatedVmVersion() || null,
    harnessFlags: process.execArgv,
  }
}
