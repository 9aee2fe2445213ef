import { describe, expect, it } from 'vitest'
import { neighbourCount } from '../../../../src/measure/kinds/noisy-neighbour.js'

describe('how many neighbours run at once', () => {
  it('is one by default, the number given, or one per core for "cores"', () => {
    expect(neighbourCount(undefined, 2)).toBe(1)
    expect(neighbourCount(3, 2)).toBe(3)
    expect(neighbourCount('cores', 2)).toBe(2)
    expect(neighbourCount('cores', 0)).toBe(1) // os.cpus() can be empty in odd containers
  })
})
