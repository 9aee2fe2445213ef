/** doctor's exit code: required parts decide, optional ones only with --strict, no runtime at all is exit 2. */
import { describe, expect, it } from 'vitest'
import { doctorExitCode, type Check } from '../../../src/commands/doctor.js'

const check = (name: string, ok: boolean, extra: Partial<Check> = {}): Check => ({ name, ok, detail: '', ...extra })

describe('doctorExitCode', () => {
  const isolate = check('isolate', true, { runtime: true, required: true })
  it('is 0 with an optional part missing, 3 with --strict', () => {
    const checks = [isolate, check('docker', false, { runtime: true }), check('hyperfine', false)]
    expect(doctorExitCode(checks, false)).toBe(0)
    expect(doctorExitCode(checks, true)).toBe(3)
  })

  it('is 3 when a required part is missing', () => {
    expect(doctorExitCode([isolate, check('harness flags', false, { required: true })], false)).toBe(3)
  })

  it('never counts advice (load) as missing, and is 2 when no runtime can run', () => {
    expect(doctorExitCode([isolate, check('load', false, { advisory: true })], true)).toBe(0)
    expect(doctorExitCode([check('isolate', false, { runtime: true, required: true })], false)).toBe(2)
  })
})
