/**
 * Finds the native binary of an optional platform (workerd, deno) without running npm's install
 * scripts: the binary ships in a per-platform package (`@cloudflare/workerd-linux-64`,
 * `@deno/linux-x64-glibc`) that npm installs as an optional dependency of the wrapper package.
 * We run that binary directly (never the wrapper's node shim, whose start-up would be timed too).
 * Looked up from isobench's own install, then from the current directory's node_modules, then PATH
 * (a node shim found there is followed to its package's native binary, or passed over).
 */
import { accessSync, closeSync, constants, openSync, readFileSync, readSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join } from 'node:path'
import { execa } from 'execa'
import { WORKLOAD_ENV } from './env.js'
import type { Availability, RuntimeInfo } from '../runtimes/types.js'

/** Where a platform's binary lives, for one host. */
export interface BinarySpec {
  /** The wrapper package users install (`workerd`, `deno`). */
  wrapper: string
  /** `${process.platform}-${process.arch}` → the package holding the binary. */
  platformPackages: Record<string, string>
  /** Path of the binary inside the platform package. */
  binaryInPackage: string
  /** The command name looked up on PATH as a last resort. */
  command: string
  /** How users get it: `npm install workerd`. */
  installHint: string
}

/** A binary found, and where it came from (recorded in the environment). */
export interface FoundBinary {
  path: string
  /** `npm @cloudflare/workerd-linux-64@1.2026...` or `PATH`. */
  source: string
  /** The wrapper package's version when it came from npm. */
  packageVersion?: string
}

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

const versionOf = (packageJson: string) => (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version

function fromPackages(spec: BinarySpec, platformPackage: string, base: string): FoundBinary | undefined {
  const require = createRequire(base)
  // The platform package is a dependency of the wrapper (nested under pnpm), or hoisted beside it.
  const bases: Array<{ require: NodeJS.Require; wrapperJson?: string }> = []
  try {
    const wrapperJson = require.resolve(`${spec.wrapper}/package.json`)
    bases.push({ require: createRequire(wrapperJson), wrapperJson })
  } catch {
    // no wrapper: the platform package may still be installed on its own
  }
  bases.push({ require })
  for (const { require: from, wrapperJson } of bases) {
    try {
      const packageJson = from.resolve(`${platformPackage}/package.json`)
      const path = join(dirname(packageJson), spec.binaryInPackage)
      if (!isExecutable(path)) continue
      const version = versionOf(packageJson)
      return { path, source: `npm ${platformPackage}@${version}`, packageVersion: wrapperJson ? versionOf(wrapperJson) : version }
    } catch {
      // not installed from here
    }
  }
  return undefined
}

/** Whether a file is a script (`#!`): npm's node shim, whose start-up must not be timed. */
function isScript(path: string): boolean {
  const head = Buffer.alloc(2)
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    readSync(fd, head, 0, 2, 0)
    return head.toString('latin1') === '#!'
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * The command on PATH. A global `npm install -g workerd` without its postinstall leaves a node shim
 * there: then the native binary is looked up from the shim's own package instead.
 */
function fromPath(spec: BinarySpec, platformPackage: string | undefined, pathVariable: string | undefined): FoundBinary | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, spec.command)
    if (!isExecutable(path)) continue
    if (!isScript(path)) return { path, source: 'PATH' }
    const native = platformPackage ? fromPackages(spec, platformPackage, realpathSync(path)) : undefined
    if (native) return native
  }
  return undefined
}

/** The platform package name for this host, or undefined when the platform ships none. */
export function platformPackageOf(spec: BinarySpec): string | undefined {
  return spec.platformPackages[`${process.platform}-${process.arch}`]
}

/** Finds the binary, or undefined (the caller turns that into a skip with the fix). */
export function locateBinary(spec: BinarySpec): FoundBinary | undefined {
  const platformPackage = platformPackageOf(spec)
  if (platformPackage) {
    for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
      const found = fromPackages(spec, platformPackage, base)
      if (found) return found
    }
  }
  return fromPath(spec, platformPackage, process.env.PATH)
}

/** A memoised lookup: located once (in probe or prepare), so no lookup lands inside a timed start. */
export function binaryLocator(spec: BinarySpec): () => FoundBinary | undefined {
  let found: FoundBinary | undefined
  return () => (found ??= locateBinary(spec))
}

/**
 * Probes a platform binary: not found → the reason and the install command; found → runs
 * `<binary> --version` (clean environment) and lets `describe` turn its output into the info.
 */
export async function probeBinary(
  spec: BinarySpec,
  found: FoundBinary | undefined,
  describe: (found: FoundBinary, versionOutput: string) => RuntimeInfo,
): Promise<Availability> {
  if (!found) {
    const pkg = platformPackageOf(spec)
    return pkg
      ? { available: false, reason: `${spec.command} is not installed (neither ${pkg} nor ${spec.command} on PATH)`, fix: `${spec.installHint} (in the current directory, beside isobench, or with -g)` }
      : { available: false, reason: `the ${spec.wrapper} npm package ships no binary for ${process.platform}-${process.arch}`, fix: `put ${spec.command} on PATH` }
  }
  try {
    const { stdout } = await execa(found.path, ['--version'], { env: { ...WORKLOAD_ENV, NO_COLOR: '1' }, extendEnv: false, timeout: 10_000 })
    return { available: true, info: describe(found, stdout.trim()) }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
    return { available: false, reason: `${found.path} does not run (${message})`, fix: `reinstall it: ${spec.installHint}` }
  }
}
