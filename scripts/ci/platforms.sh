#!/usr/bin/env bash
# CI setup for the platform runtimes (workerd, deno, wasm), idempotent.
# They come from npm: workerd and deno are devDependencies (their binaries ship in the optional
# per-platform packages @cloudflare/workerd-linux-64 and @deno/linux-x64-glibc; the wrappers'
# postinstall scripts are not needed and are disallowed in package.json "allowScripts"),
# quickjs-emscripten is an optional dependency. A machine whose node_modules predates them gets
# them with one `npm install`. Then each binary must run, or CI stops here with the reason.
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { printf 'platforms: %s\n' "$*" >&2; }

resolves() { node -e 'require.resolve(process.argv[1])' "$1" >/dev/null 2>&1; }
missing=0
for pkg in @cloudflare/workerd-linux-64/package.json @deno/linux-x64-glibc/package.json quickjs-emscripten/package.json; do
  resolves "$pkg" || { log "missing $pkg"; missing=1; }
done
if [ "$missing" = 1 ]; then
  log "npm install (workerd, deno, quickjs-emscripten)"
  npm install --no-audit --no-fund >&2
fi

node_modules/@cloudflare/workerd-linux-64/bin/workerd --version >&2
node_modules/@deno/linux-x64-glibc/deno --version >&2
node --input-type=module -e "const q = await import('quickjs-emscripten'); const m = await q.newQuickJSWASMModule(); if (m.evalCode('6 * 7') !== 42) process.exit(1); console.error('quickjs-emscripten: ok')"
log "ready: the workerd, deno, wasm and wasm:runtime rows run (contract tests require them when ISOBENCH_REQUIRE_PLATFORMS=1 or ISOBENCH_REQUIRE_DOCKER=1)"
