/** The machine a result was measured on: recorded in every result. */
import { existsSync, readFileSync } from 'node:fs'
import { cpus, release, totalmem, type as osType } from 'node:os'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** isobench's own version, from package.json. */
export const TOOL_VERSION = (require('../package.json') as { version: string }).version

/** cgroup layout of this machine: v2, v1 (possibly hybrid) or none. */
export function cgroupVersion(): 'v2' | 'v1' | 'none' {
  if (existsSync('/sys/fs/cgroup/cgroup.controllers')) return 'v2'
  if (existsSync('/sys/fs/cgroup/memory')) return 'v1'
  return 'none'
}

function osPrettyName(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? ''
  } catch {
    return ''
  }
}

/** The host facts; runtimes add their own versions per row. */
export function collectEnvironment(): Record<string, unknown> {
  const cpuList = cpus()
  return {
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cpuCount: cpuList.length,
    memoryTotalBytes: totalmem(),
    os: osPrettyName() || osType(),
    kernel: release(),
    arch: process.arch,
    cgroup: cgroupVersion(),
    node: process.version,
    v8: process.versions.v8,
    harnessFlags: process.execArgv,
  }
}
