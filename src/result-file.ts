/** Reading a saved result back for `report`: compare's parser, then the shipped JSON Schema; one-line errors. */
import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { loadResult, parseResult as parseCompared } from './compare/load.js'
import { UsageError } from './errors.js'
import type { RunResult } from './result.js'

/** Where the result JSON Schema lives in the package (it ships: package.json "files"). */
export const RESULT_SCHEMA_URL = new URL('../schemas/result.schema.json', import.meta.url)

let validator: ValidateFunction | undefined

function validate(): ValidateFunction {
  validator ??= new Ajv2020({ allErrors: false }).compile(JSON.parse(readFileSync(RESULT_SCHEMA_URL, 'utf8')) as object)
  return validator
}

/** Throws UsageError naming the source and the first place where the document leaves the schema. */
export function checkResultSchema(document: unknown, source: string): RunResult {
  const check = validate()
  if (!check(document)) {
    const first = check.errors?.[0]
    const where = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : 'the top level'
    throw new UsageError(`${source}: ${where} ${first?.message ?? 'does not match the result schema'}`, 'the file does not match schemas/result.schema.json; was it written by `isobench run`?')
  }
  return document as RunResult
}

/** Pure: parses a result document (JSON, schemaVersion, shape: as `compare` does), then checks it against the schema. */
export function parseResult(text: string, path: string): RunResult {
  return checkResultSchema(parseCompared(text, path, 'result'), `result ${path}`)
}

/** Reads, parses and checks a result file. */
export async function readResultFile(path: string): Promise<RunResult> {
  return checkResultSchema((await loadResult(path, 'result')).result, `result ${path}`)
}
