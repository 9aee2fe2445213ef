/**
 * Least privilege, for real: run as root, isobench starts a process-row workload as nobody
 * (65534:65534, no supplementary groups) in a directory that user owns, and that workload can read
 * neither the harness's environment nor its files, list its open files or signal it; `--relax user`
 * gives the old behaviour back; a node that nobody cannot run is a skip with its fix at the probe.
 * Only root can switch users, so the suite needs root.
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isRoot } from '../../src/host/user.js'
import { createProcessRuntime } from '../../src/runtimes/process.js'
import { testContext, workloadAt } from '../helpers.js'

interface Attempt {
  ok: boolean
  code?: string
  value?: string
}

interface Reach {
  uid: number
  gid: number
  groups: number[]
  environ: Attempt
  file: Attempt
  fds: Attempt
  signal: Attempt
  ownDir: Attempt
}

describe.skipIf(!isRoot())('a process-row workload of a harness run as root', () => {
  const runtime = createProcessRuntime({ nodePath: process.execPath })
  const dir = mkdtempSync(join(tmpdir(), 'isobench-test-harness-'))
  const secretFile = join(dir, 'secret.txt')
  writeFileSync(secretFile, 'the harness secret', { mode: 0o600 })
  const contexts: ReturnType<typeof testContext>[] = []
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    for (const ctx of contexts) await runtime.cleanup?.(ctx.runId)
  })

  const reach = async (relax: 'user'[] = []): Promise<Reach> => {
    const ctx = testContext({ relax })
    contexts.push(ctx)
    const instance = await runtime.start(workloadAt('test/fixtures/workloads/reach-harness.js'), ctx)
    try {
      return (await instance.invoke({ pid: process.pid, path: secretFile })) as Reach
    } finally {
      await instance.stop()
    }
  }

  it('runs as nobody with no supplementary group, and reaches nothing of the harness', async () => {
    const seen = await reach()
    // Reference: node's getgroups() always includes the effective gid; root's group 0 must be gone.
    expect({ uid: seen.uid, gid: seen.gid, groups: seen.groups }).toEqual({ uid: 65534, gid: 65534, groups: [65534] })
    expect(seen.environ).toEqual({ ok: false, code: 'EACCES' })
    expect(seen.file).toEqual({ ok: false, code: 'EACCES' })
    expect(seen.fds).toEqual({ ok: false, code: 'EACCES' })
    expect(seen.signal).toEqual({ ok: false, code: 'EPERM' })
    expect(seen.ownDir).toEqual({ ok: true, value: 'mine' })
  })

  it('with --relax user the workload runs as root and reads the harness\'s environment and files', async () => {
    const seen = await reach(['user'])
    expect(seen.uid).toBe(0)
    expect(seen.environ.ok).toBe(true)
    expect(seen.file).toEqual({ ok: true, value: 'the harness secret' })
  })
})

describe.skipIf(!isRoot())('a node binary that nobody cannot run, with the harness root', () => {
  // A copy of this node in a 0700 directory: root runs it, nobody (65534) gets EACCES at exec.
  const dir = mkdtempSync(join(tmpdir(), 'isobench-test-closed-'))
  const node = join(dir, 'node')
  copyFileSync(process.execPath, node)
  chmodSync(node, 0o755)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('makes the process probe say why and how to fix it, instead of failing every sample', async () => {
    const probe = await createProcessRuntime({ nodePath: node }).probe()
    expect(probe).toEqual({
      available: false,
      reason: `children run as 65534:65534 (the harness is root), who cannot run ${node} (EACCES: a directory on its path or the file is closed to other users)`,
      fix: 'put node where every user can run it (not under a 0700 directory such as /root), or pass --relax user',
    })
  })

  it('is available with --relax user (children run as root then)', async () => {
    const probe = await createProcessRuntime({ nodePath: node, relax: ['user'] }).probe()
    expect(probe).toMatchObject({ available: true, info: { details: { nodePath: node } } })
  })
})
