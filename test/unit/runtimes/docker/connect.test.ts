/** Which engine: the docker CLI's precedence (flag, DOCKER_HOST, DOCKER_CONTEXT, currentContext, default) and dockerode's options. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { dockerOptionsFor, resolveDockerEndpoint } from '../../../../src/runtimes/docker/connect.js'
import { UsageError } from '../../../../src/errors.js'

const id = (name: string) => createHash('sha256').update(name).digest('hex')
const files = (map: Record<string, string>) => (path: string) => map[path]
const meta = (host: string, skip = false) => JSON.stringify({ Name: 'x', Endpoints: { docker: { Host: host, SkipTLSVerify: skip } } })

describe('resolveDockerEndpoint', () => {
  it('defaults to the local socket', () => {
    expect(resolveDockerEndpoint({ env: {}, readText: files({}), home: '/h' })).toEqual({ host: 'unix:///var/run/docker.sock', source: 'default', isLocal: true })
  })

  it('takes --docker-host over DOCKER_HOST, and DOCKER_HOST over any context', () => {
    const readText = files({ '/h/.docker/config.json': JSON.stringify({ currentContext: 'far' }) })
    expect(resolveDockerEndpoint({ flag: 'tcp://a:2375', env: { DOCKER_HOST: 'tcp://b:2375' }, readText, home: '/h' })).toMatchObject({ host: 'tcp://a:2375', source: '--docker-host', isLocal: false })
    expect(resolveDockerEndpoint({ env: { DOCKER_HOST: 'unix:///run/d.sock', DOCKER_CONTEXT: 'far' }, readText, home: '/h' })).toEqual({ host: 'unix:///run/d.sock', source: 'DOCKER_HOST', isLocal: true })
  })

  it('uses TLS for tcp when DOCKER_TLS_VERIFY is set, with DOCKER_CERT_PATH or ~/.docker', () => {
    expect(resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, readText: files({}), home: '/h' }).tls).toEqual({ certDir: '/certs', verify: true })
    expect(resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, readText: files({}), home: '/h' }).tls).toEqual({ certDir: '/h/.docker', verify: true })
    expect(resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://h:2375' }, readText: files({}), home: '/h' }).tls).toBeUndefined()
  })

  it('reads the current context: DOCKER_CONTEXT over config.json, its meta.json and TLS files by sha256 of the name', () => {
    const readText = files({
      '/h/.docker/config.json': JSON.stringify({ currentContext: 'one' }),
      [`/h/.docker/contexts/meta/${id('one')}/meta.json`]: meta('ssh://me@one'),
      [`/h/.docker/contexts/meta/${id('two')}/meta.json`]: meta('tcp://two:2376', true),
      [`/h/.docker/contexts/tls/${id('two')}/docker/ca.pem`]: 'pem',
    })
    expect(resolveDockerEndpoint({ env: {}, readText, home: '/h' })).toEqual({ host: 'ssh://me@one', source: 'context one', isLocal: false })
    expect(resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'two' }, readText, home: '/h' })).toEqual({
      host: 'tcp://two:2376', source: 'context two', isLocal: false, tls: { certDir: `/h/.docker/contexts/tls/${id('two')}/docker`, verify: false },
    })
    expect(resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'default' }, readText, home: '/h' }).source).toBe('default')
  })

  it('honours DOCKER_CONFIG for the config directory', () => {
    const readText = files({ '/cfg/config.json': JSON.stringify({ currentContext: 'c' }), [`/cfg/contexts/meta/${id('c')}/meta.json`]: meta('tcp://c:2375') })
    expect(resolveDockerEndpoint({ env: { DOCKER_CONFIG: '/cfg' }, readText, home: '/h' }).host).toBe('tcp://c:2375')
  })

  it('rejects an unknown context and a URL that is not an endpoint, as bad input', () => {
    expect(() => resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'nope' }, readText: files({}), home: '/h' })).toThrow(/docker context "nope" not found/)
    expect(() => resolveDockerEndpoint({ flag: 'example.com:2375', env: {}, readText: files({}) })).toThrow(UsageError)
  })
})

describe('dockerOptionsFor', () => {
  it('maps unix, plain tcp, TLS tcp and ssh onto dockerode options', () => {
    expect(dockerOptionsFor({ host: 'unix:///run/d.sock', source: '', isLocal: true })).toEqual({ socketPath: '/run/d.sock' })
    expect(dockerOptionsFor({ host: 'tcp://10.0.0.5', source: '', isLocal: false })).toEqual({ protocol: 'http', host: '10.0.0.5', port: 2375 })
    const tls = dockerOptionsFor({ host: 'tcp://10.0.0.5:3000', source: '', isLocal: false, tls: { certDir: '/c', verify: true } }, (path) => Buffer.from(path))
    expect(tls).toMatchObject({ protocol: 'https', host: '10.0.0.5', port: '3000', ca: Buffer.from('/c/ca.pem'), cert: Buffer.from('/c/cert.pem'), key: Buffer.from('/c/key.pem') })
    expect(dockerOptionsFor({ host: 'ssh://me@box:2222', source: '', isLocal: false }, undefined, () => ['S0VZ'])).toMatchObject({ protocol: 'ssh', host: 'box', port: 2222, username: 'me' })
  })

  it('ssh: only a host key listed in known_hosts is accepted; an unknown host is refused up front, saying how to accept it', () => {
    const options = dockerOptionsFor({ host: 'ssh://me@box:2222', source: '', isLocal: false }, undefined, () => ['S0VZ']) as { sshOptions: { hostVerifier(key: Buffer): boolean } }
    expect(options.sshOptions.hostVerifier(Buffer.from('KEY'))).toBe(true) // base64('KEY') = 'S0VZ'
    expect(options.sshOptions.hostVerifier(Buffer.from('another key'))).toBe(false)
    expect(() => dockerOptionsFor({ host: 'ssh://me@box:2222', source: '', isLocal: false }, undefined, () => [])).toThrow(/ssh host key of \[box\]:2222 is not in ~\/\.ssh\/known_hosts/)
  })

  it('names a missing TLS file', () => {
    expect(() => dockerOptionsFor({ host: 'tcp://h:2376', source: '', isLocal: false, tls: { certDir: '/none', verify: true } }, () => { throw new Error('ENOENT') })).toThrow(/TLS file \/none\/ca\.pem/)
  })
})
