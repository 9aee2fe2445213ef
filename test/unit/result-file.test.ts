import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { renderJson } from '../../src/report/json.js'
import { parseResult } from '../../src/result-file.js'
import { handBuiltResult } from '../fixtures/result.js'

function messageOf(text: string): string {
  try {
    parseResult(text, 'r.json')
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as UsageError).message
  }
  throw new Error('expected a UsageError')
}

describe('reading a result file for report', () => {
  it('reads back what isobench writes', () => {
    const result = handBuiltResult()
    expect(parseResult(renderJson(result), 'r.json')).toEqual(result)
  })

  it('names the file and what is wrong, in one line: JSON and version as compare does, then the schema', () => {
    expect(messageOf('{"schemaVersion": 1,')).toMatch(/^result r\.json is not valid JSON/)
    expect(messageOf('{"schemaVersion": 2}')).toBe('result r.json has schemaVersion 2; this isobench reads version 1')
    const broken = handBuiltResult()
    ;(broken.scenarios[0]!.runtimes[1]!.samples[0]!.metrics as Record<string, unknown>).cold_start_ms = 'fast'
    expect(messageOf(JSON.stringify(broken))).toBe('result r.json: scenarios.0.runtimes.1.samples.0.metrics.cold_start_ms must be number')
    const failed = handBuiltResult()
    delete failed.scenarios[0]!.runtimes[1]!.samples[3]!.error
    expect(messageOf(JSON.stringify(failed))).toBe("result r.json: scenarios.0.runtimes.1.samples.3 must have required property 'error'")
    const noTool = { ...handBuiltResult(), tool: undefined }
    expect(messageOf(JSON.stringify(noTool))).toBe("result r.json: the top level must have required property 'tool'")
  })
})
