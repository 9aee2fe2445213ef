import { fileURLToPath } from 'node:url'

/** The package root (where package.json, bin/, dist/, scenarios/ and node_modules are), with a trailing slash. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url))
