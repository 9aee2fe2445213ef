/** init's package.json edit: allowScripts gets isolated-vm, the rest of the file and its indent stay. */
import { describe, expect, it } from 'vitest'
import { withAllowScripts } from '../../../src/commands/init.js'

describe('withAllowScripts', () => {
  it('adds allowScripts.isolated-vm beside what is there, keeping the indent', () => {
    const text = '{\n    "name": "app",\n    "allowScripts": { "esbuild": true, "ssh2": true }\n}\n'
    expect(withAllowScripts(text, 'package.json')).toBe('{\n    "name": "app",\n    "allowScripts": {\n        "esbuild": true,\n        "ssh2": true,\n        "isolated-vm": true,\n        "cpu-features": false,\n        "protobufjs": false\n    }\n}\n')
  })

  it('leaves a package.json that already allows it alone', () => {
    expect(withAllowScripts('{"allowScripts":{"isolated-vm":true,"cpu-features":false,"ssh2":false,"protobufjs":true,"esbuild":false}}', 'package.json')).toBeUndefined()
  })

  it('turns a denied isolated-vm into an allowed one', () => {
    expect(JSON.parse(withAllowScripts('{"allowScripts":{"isolated-vm":false}}', 'p')!).allowScripts).toMatchObject({ 'isolated-vm': true })
  })

  it('rejects a package.json that is not a JSON object, naming the file', () => {
    expect(() => withAllowScripts('{', 'x/package.json')).toThrow(/^x\/package.json is not valid JSON/)
    expect(() => withAllowScripts('[]', 'x/package.json')).toThrow(/is not a JSON object/)
  })
})
