/** Reading a saved result back (report, compare): validated against the shipped JSON Schema, one-line errors. */
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { UsageError } from './errors.js'
import { SCHEMA_VERSION, type RunResult } from './result.js'

/** Where the result JSON Schema lives in the package (it ships: package.json "files"). */
export const RESULT_SCHEMA_URL = new URL('../schemas/result.schema.json', import.meta.url)

let validator: ValidateFunction | undefined

function validate(): ValidateFunction {
  validator ??= new Ajv2020({ allErrors: false }).compile(JSON.parse(readFileSync(RESULT_SCHEMA_URL, 'utf8')) as object)
  return validator
}

/** Pure: parses a result document; throws UsageError naming the file and the first thing wrong. */
export function parseResult(text: string, source: string): RunResult {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`, 'pass a result file written by `isobench run` (results/<stamp>-<scenario>.json)')
  }
  const version = document !== null && typeof document === 'object' ? (document as { schemaVersion?: unknown }).schemaVersion : undefined
  if (version !== SCHEMA_VERSION) {
    throw new UsageError(
      `${source} has schemaVersion ${JSON.stringify(version) ?? 'missing'}; this isobench reads schemaVersion ${SCHEMA_VERSION}`,
      version === undefined ? 'pass a result file written by `isobench run`' : 'use the isobench version that wrote it, or run the scenario again',
    )
  }
  const check = validate()
  if (!check(document)) {
    const first = check.errors?.[0]
    const where = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : 'the top level'
    throw new UsageError(`${source}: ${where} ${first?.message ?? 'does not match the result schema'}`, 'the file does not match schemas/result.schema.json; was it written by `isobench run`?')
  }
  return document as RunResult
}

/** Reads and parses a result file. */
export async function readResultFile(path: string): Promise<RunResult> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`, 'pass a result file written by `isobench run` (results/<stamp>-<scenario>.json)')
  }
  return parseResult(text, path)
}
