import { describe, expect, it } from 'vitest'
import { closest } from '../../src/suggest.js'

describe('closest', () => {
  it('suggests the closest runtime name', () => {
    expect(closest('isolat', ['docker', 'process', 'isolate'])).toBe('isolate')
    expect(closest('dokcer', ['docker', 'process', 'isolate'])).toBe('docker')
    expect(closest('zzzzzz', ['docker', 'process', 'isolate'])).toBeUndefined()
  })
})
