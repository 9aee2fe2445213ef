/**
 * An engine of another CPU architecture is refused before anything starts: one line naming both
 * platforms, exit 2. A stand-in answers only what a probe asks (/_ping, /version, /info), as an
 * arm64 engine would: the refusal is what is tested, nothing is measured against it.
 */
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { runCli } from './cli.js'

it.skipIf(process.arch !== 'x64')('an arm64 engine, seen from this amd64 machine, is refused in one line naming both platforms, exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'isobench-arch-'))
  const server = createServer((request, response) => {
    const body = request.url?.includes('/_ping') ? 'OK'
      : request.url?.includes('/version') ? JSON.stringify({ Version: '24.0.7', ApiVersion: '1.43', Os: 'linux', Arch: 'arm64' })
      : JSON.stringify({ DefaultRuntime: 'runc', Runtimes: { runc: { path: 'runc' } }, CgroupVersion: '2', Name: 'graviton' })
    response.writeHead(200, { 'content-type': request.url?.includes('/_ping') ? 'text/plain' : 'application/json' })
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as { port: number }
    const result = await runCli(['run', '-s', 'cold-start', '-R', 'docker', '-r', '1', '--docker-host', `tcp://127.0.0.1:${port}`, '--out', join(dir, 'out')], { DOCKER_TLS_VERIFY: undefined })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(new RegExp(`^error: the Docker engine at tcp://127\\.0\\.0\\.1:${port} is linux/arm64 but this machine is linux/amd64: the local node image \\(this machine's node binary\\) cannot run there\\nhint: `))
    expect(result.stderr.trim().split('\n')).toHaveLength(2)
  } finally {
    await new Promise((resolve) => server.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  }
})
