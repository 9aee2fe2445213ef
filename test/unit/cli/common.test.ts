/** Colour: --color decides, else FORCE_COLOR, else NO_COLOR (set and non-empty), else whether stdout is a terminal. */
import { describe, expect, it } from 'vitest'
import { shouldColor } from '../../../src/cli/common.js'

describe('shouldColor', () => {
  it.each([
    ['always', {}, false, true],
    ['never', { FORCE_COLOR: '1' }, true, false],
    ['auto', {}, true, true],
    ['auto', {}, false, false],
    ['auto', { NO_COLOR: '1' }, true, false],
    ['auto', { NO_COLOR: '' }, true, true],
    ['auto', { FORCE_COLOR: '1' }, false, true],
    ['auto', { FORCE_COLOR: '0' }, true, false],
    ['auto', { FORCE_COLOR: '' }, false, false],
    ['auto', { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
  ] as const)('--color %s with %j, tty %s → %s', (mode, env, tty, expected) => {
    expect(shouldColor(mode, env, tty)).toBe(expected)
  })
})
