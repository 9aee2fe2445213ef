/**
 * A small validator for the subset of JSON Schema (2020-12) that the scenario schema uses: type,
 * enum, const, minimum, maximum, minLength, pattern, items, minItems, properties, required,
 * additionalProperties, propertyNames, anyOf, allOf, if/then/else. Pure. It stops at the first
 * problem and says which field it is and what was expected, for a one-line error.
 */

/** A schema node, loosely typed: the schema is data. */
export type SchemaNode = { readonly [keyword: string]: unknown }

/** The first problem found: the field's path (`limits.memoryMb`, `probes[1].name`) and what it should be. */
export interface SchemaProblem {
  path: string
  expected: string
  got: unknown
  /** True when the field is absent (a missing required field). */
  missing?: boolean
}

function typeOk(type: string, value: unknown): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'array': return Array.isArray(value)
    case 'string': return typeof value === 'string'
    case 'integer': return typeof value === 'number' && Number.isInteger(value)
    case 'number': return typeof value === 'number' && Number.isFinite(value)
    case 'boolean': return typeof value === 'boolean'
    case 'null': return value === null
    default: return false
  }
}

const ARTICLE: Record<string, string> = { object: 'an object', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'null' }

/** What a node asks for, in words: numbers and enums say their range, the rest use the description. */
export function expectedText(node: SchemaNode): string {
  const type = node.type as string | undefined
  if (Array.isArray(node.enum)) return `one of ${node.enum.join(', ')}`
  if (type === 'integer' || type === 'number') {
    const base = ARTICLE[type]!
    const { minimum: min, maximum: max } = node as { minimum?: number; maximum?: number }
    if (min !== undefined && max !== undefined) return `${base} from ${min} to ${max}`
    if (min !== undefined) return `${base} of at least ${min}`
    return base
  }
  if (typeof node.description === 'string') return node.description
  return type ? ARTICLE[type] ?? type : 'a value'
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path ? `${path}.${key}` : key
}

/** Validates a value against a schema node; returns the first problem, or undefined when valid. */
export function validateAgainst(value: unknown, node: SchemaNode, root: SchemaNode = node, path = ''): SchemaProblem | undefined {
  const at = path || '(top level)'
  if (typeof node.$ref === 'string') {
    const target = node.$ref.replace(/^#\//, '').split('/').reduce<unknown>((n, key) => (n as Record<string, unknown>)?.[key], root)
    return validateAgainst(value, target as SchemaNode, root, path)
  }
  if (Array.isArray(node.anyOf)) {
    const fits = (node.anyOf as SchemaNode[]).some((option) => validateAgainst(value, option, root, path) === undefined)
    if (!fits) return { path: at, expected: expectedText(node), got: value }
  }
  if (node.type !== undefined && !typeOk(node.type as string, value)) {
    // The document itself: its description is a paragraph, the expectation is simply its type.
    return { path: at, expected: path ? expectedText(node) : ARTICLE[node.type as string] ?? String(node.type), got: value }
  }
  if (Array.isArray(node.enum) && !node.enum.includes(value)) return { path: at, expected: expectedText(node), got: value }
  if ('const' in node && node.const !== value) return { path: at, expected: JSON.stringify(node.const), got: value }
  if (typeof value === 'number') {
    const { minimum, maximum } = node as { minimum?: number; maximum?: number }
    if ((minimum !== undefined && value < minimum) || (maximum !== undefined && value > maximum)) return { path: at, expected: expectedText(node), got: value }
  }
  if (typeof value === 'string') {
    if (typeof node.minLength === 'number' && value.length < node.minLength) return { path: at, expected: expectedText(node), got: value }
    if (typeof node.pattern === 'string' && !new RegExp(node.pattern, 'u').test(value)) return { path: at, expected: expectedText(node), got: value }
  }
  if (Array.isArray(value)) {
    if (typeof node.minItems === 'number' && value.length < node.minItems) return { path: at, expected: expectedText(node), got: value }
    if (node.items) {
      for (const [i, item] of value.entries()) {
        const problem = validateAgainst(item, node.items as SchemaNode, root, join(path, i))
        if (problem) return problem
      }
    }
  }
  if (typeOk('object', value)) {
    const problem = validateObject(value as Record<string, unknown>, node, root, path)
    if (problem) return problem
  }
  for (const sub of (node.allOf as SchemaNode[] | undefined) ?? []) {
    const problem = validateConditional(value, sub, root, path)
    if (problem) return problem
  }
  return undefined
}

function validateObject(record: Record<string, unknown>, node: SchemaNode, root: SchemaNode, path: string): SchemaProblem | undefined {
  const properties = (node.properties ?? {}) as Record<string, SchemaNode>
  for (const key of Object.keys(record)) {
    if (key in properties) continue
    if (node.additionalProperties === false) {
      const known = Object.keys(properties).filter((k) => k !== '$schema')
      return { path: join(path, key), expected: `one of the known fields (${known.join(', ')})`, got: key }
    }
    if (node.propertyNames && validateAgainst(key, node.propertyNames as SchemaNode, root)) return { path: join(path, key), expected: 'a non-empty key', got: key }
    if (typeof node.additionalProperties === 'object') {
      const problem = validateAgainst(record[key], node.additionalProperties as SchemaNode, root, join(path, key))
      if (problem) return problem
    }
  }
  for (const key of (node.required as string[] | undefined) ?? []) {
    if (!(key in record)) return { path: join(path, key), expected: properties[key] ? expectedText(properties[key]) : 'a value', got: undefined, missing: true }
  }
  for (const [key, sub] of Object.entries(properties)) {
    if (!(key in record)) continue
    const problem = validateAgainst(record[key], sub, root, join(path, key))
    if (problem) return problem
  }
  return undefined
}

function validateConditional(value: unknown, sub: SchemaNode, root: SchemaNode, path: string): SchemaProblem | undefined {
  if (!sub.if) return validateAgainst(value, sub, root, path)
  const branch = validateAgainst(value, sub.if as SchemaNode, root, path) === undefined ? sub.then : sub.else
  if (!branch) return undefined
  const problem = validateAgainst(value, branch as SchemaNode, root, path)
  // A field required by a branch: describe it with the top-level property's own words.
  if (problem?.missing) {
    const properties = ((root.properties ?? {}) as Record<string, SchemaNode>)
    const own = properties[problem.path]
    if (own) return { ...problem, expected: `${expectedText(own)} (needed by this measure)` }
  }
  return problem
}
