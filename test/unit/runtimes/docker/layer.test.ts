/** The workload layer's tar (checked with the system's tar) and its tag; the engine platform check. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { platformMismatch, goArch } from '../../../../src/runtimes/docker/daemon.js'
import { tarOf, workloadImageTag } from '../../../../src/runtimes/docker/layer.js'

describe('tarOf', () => {
  it('writes a ustar archive that tar lists and extracts with names, modes and contents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isobench-tar-'))
    try {
      const big = Buffer.alloc(1300, 'x')
      writeFileSync(join(dir, 'a.tar'), tarOf([{ name: 'isobench', mode: 0o555 }, { name: 'isobench/w.js', mode: 0o444, content: Buffer.from('export default () => 1\n') }, { name: 'isobench/big', mode: 0o444, content: big }]))
      expect(execFileSync('tar', ['-tf', join(dir, 'a.tar')], { encoding: 'utf8' }).split('\n').filter(Boolean)).toEqual(['isobench/', 'isobench/w.js', 'isobench/big'])
      execFileSync('tar', ['-xf', join(dir, 'a.tar'), '-C', dir])
      expect(readFileSync(join(dir, 'isobench/w.js'), 'utf8')).toBe('export default () => 1\n')
      expect(readFileSync(join(dir, 'isobench/big')).equals(big)).toBe(true)
      expect(statSync(join(dir, 'isobench/w.js')).mode & 0o777).toBe(0o444)
    } finally {
      execFileSync('chmod', ['-R', 'u+w', dir])
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('workloadImageTag', () => {
  it('is a valid Docker tag naming the run, the row and the source', () => {
    const tag = workloadImageTag('20261201T000000Z-abc', 'docker:crun', 'source')
    expect(tag).toMatch(/^isobench-workload:20261201T000000Z-abc-docker-crun-[0-9a-f]{12}$/)
    expect(workloadImageTag('r', 'docker', 'other')).not.toBe(workloadImageTag('r', 'docker', 'source'))
  })
})

describe('platformMismatch', () => {
  it('names both platforms when the engine cannot run this machine\'s node binary', () => {
    expect(platformMismatch({ os: 'linux', arch: 'amd64' }, { os: 'linux', arch: 'amd64' }, 'tcp://h:2376')).toBeUndefined()
    const error = platformMismatch({ os: 'linux', arch: 'arm64' }, { os: 'linux', arch: goArch('x64') }, 'tcp://h:2376')
    expect(error?.message).toBe('the Docker engine at tcp://h:2376 is linux/arm64 but this machine is linux/amd64: the local node image (this machine\'s node binary) cannot run there')
    expect(error?.exitCode).toBe(2)
  })
})
