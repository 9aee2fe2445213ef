/**
 * Pure: a workload ES module as a classic script, for runtimes that can only run scripts
 * (`vm` without --experimental-vm-modules, `isolate:snapshot` whose snapshots take scripts).
 *
 * The transform is minimal and textual, and refuses what it cannot do soundly:
 * - the source must have exactly one top-level `export default` (at the start of a line) and no
 *   other `import`/`export` statement (workloads import nothing anyway);
 * - `export default function name` / `async function name` / `function* name` / `class name`:
 *   the two words `export default` are removed (the declaration stays as written) and the script
 *   returns `name`; anything else (`export default <expression>`, anonymous function or class):
 *   `export default` becomes `const __isobench_default__ =` and the script returns that;
 * - the whole source is wrapped in `(function () { "use strict"; ... })()`, on the source's own
 *   first and after its last line: module code is strict, its top-level names are its own (not
 *   globals), `this` is undefined, and line numbers in stack traces stay those of the file.
 * What differs from a module: no top-level `await` (a SyntaxError at load), no `import.meta`.
 * The script's completion value is the handler.
 */

/** Matches an import/export statement at the start of a line (not `import(`, a dynamic import). */
const MODULE_STATEMENT = /^[ \t]*(?:export|import)\b(?![ \t]*\()/gm
const EXPORT_DEFAULT = /^([ \t]*)export[ \t]+default[ \t]+/m
const NAMED_DECLARATION = /^(?:async[ \t]+)?function[ \t]*\*?[ \t]*([A-Za-z_$][\w$]*)|^class[ \t]+([A-Za-z_$][\w$]*)/
/** The binding an anonymous default export gets inside the wrapper. */
export const DEFAULT_BINDING = '__isobench_default__'

/** The script form of a workload module; throws an Error saying why when the module has another shape. */
export function moduleToScript(source: string): string {
  const statements = source.match(MODULE_STATEMENT) ?? []
  const exportDefault = EXPORT_DEFAULT.exec(source)
  if (!exportDefault || statements.length !== 1) {
    const found = `found ${statements.length} import/export statement(s)`
    throw new Error(
      exportDefault
        ? `this runtime runs the module as a script and needs exactly one top-level \`export default\` and no other import/export (${found})`
        : `the workload has no default export (this runtime runs the module as a script; ${found})`,
    )
  }
  const before = source.slice(0, exportDefault.index)
  const rest = source.slice(exportDefault.index + exportDefault[0].length)
  const declaration = NAMED_DECLARATION.exec(rest)
  const name = declaration?.[1] ?? declaration?.[2]
  const body = name ? `${before}${exportDefault[1]}${rest}` : `${before}${exportDefault[1]}const ${DEFAULT_BINDING} = ${rest}`
  return `(function () { "use strict"; ${body}\n;return ${name ?? DEFAULT_BINDING}\n})()`
}
