/**
 * `isobench image build --self`: a local image holding isobench itself, built from the host like
 * the node image (no registry, no Dockerfile): this node binary and its libraries, the built dist/,
 * bin/, scenarios/, schemas/ and the production node_modules (isolated-vm as compiled here, for this
 * very node), imported with ENTRYPOINT `node --no-node-snapshot /opt/isobench/bin/isobench.js`.
 * It is what a Kubernetes Job (docs/kubernetes.md) or any scheduler runs on each node.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import type Docker from 'dockerode'
import { UsageError } from '../../errors.js'
import { PACKAGE_ROOT } from '../../package-root.js'
import { makeTempDir, removeTempDir } from '../../temp.js'
import { copyNodeRootfs, importRootfs, IMAGE_NODE_PATH, NODE_LIBRARIES_FILE } from './image.js'

/** Where isobench sits inside the self image. */
export const SELF_APP_DIR = '/opt/isobench'
export const SELF_IMAGE_REPO = 'isobench-self'

/** `isobench-self:<isobench version>-<node version>`. */
export function selfImageTag(toolVersion: string, nodeVersion: string): string {
  return `${SELF_IMAGE_REPO}:${toolVersion}-${nodeVersion}`
}

type PackageJson = { name?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }

/** node_modules/<name> in fromDir or the nearest ancestor that has it (node's lookup, without package "exports"). */
function findPackage(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json')
    if (existsSync(manifest)) return realpathSync(manifest)
    if (dirname(dir) === dir) return undefined
  }
}

/**
 * The directories of every production package (dependencies and optional ones, transitively), looked
 * up as node does from the package that needs each; optional ones that are absent are skipped.
 */
export function productionPackageDirs(root: string): string[] {
  const found = new Set<string>()
  const visit = (fromDir: string, names: string[], optional: Set<string>) => {
    for (const name of names) {
      const manifest = findPackage(fromDir, name)
      if (!manifest) {
        if (optional.has(name)) continue
        throw new UsageError(`production dependency ${name} (needed by ${fromDir}) is not installed`, 'run npm install in the isobench directory, then npm run build')
      }
      const dir = dirname(manifest)
      if (found.has(dir)) continue
      found.add(dir)
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson
      const optionalDeps = Object.keys(pkg.optionalDependencies ?? {})
      visit(dir, [...Object.keys(pkg.dependencies ?? {}), ...optionalDeps], new Set(optionalDeps))
    }
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson
  const optional = Object.keys(pkg.optionalDependencies ?? {})
  visit(root, [...Object.keys(pkg.dependencies ?? {}), ...optional], new Set(optional))
  return [...found]
}

/** Where a package directory goes under node_modules: its path below the nearest node_modules root it came from. */
function modulePath(dir: string, moduleRoots: readonly string[]): string {
  const base = moduleRoots.find((r) => dir.startsWith(`${r}/`))
  if (!base) throw new Error(`package ${dir} is outside ${moduleRoots.join(', ')}`)
  return relative(base, dir)
}

/** Builds the self image from the package root and this node binary; returns the tag. Leaves no temp files. */
export async function buildSelfImage(docker: Docker, nodePath: string, tag: string, root = PACKAGE_ROOT): Promise<string> {
  if (!existsSync(join(root, 'dist/cli.js'))) throw new UsageError(`${join(root, 'dist')} is not built`, 'run npm run build in the isobench directory first')
  const rootfs = makeTempDir('isobench-rootfs-')
  try {
    const libraries = await copyNodeRootfs(rootfs, nodePath)
    writeFileSync(join(rootfs, NODE_LIBRARIES_FILE), libraries.join('\n') + '\n')
    const app = join(rootfs, SELF_APP_DIR)
    mkdirSync(app, { recursive: true })
    for (const part of ['package.json', 'bin', 'dist', 'scenarios', 'schemas']) cpSync(join(root, part), join(app, part), { recursive: true, dereference: true })
    const moduleRoots = [realpathSync(join(root, 'node_modules'))]
    for (const dir of productionPackageDirs(root)) cpSync(dir, join(app, 'node_modules', modulePath(dir, moduleRoots)), { recursive: true, dereference: true })
    mkdirSync(join(rootfs, 'work'), { recursive: true })
    await importRootfs(docker, rootfs, tag, [
      `ENTRYPOINT ["${IMAGE_NODE_PATH}", "--no-node-snapshot", "${SELF_APP_DIR}/bin/isobench.js"]`,
      'WORKDIR /work',
      'ENV PATH=/usr/bin:/bin',
    ])
    return tag
  } finally {
    await removeTempDir(rootfs)
  }
}
