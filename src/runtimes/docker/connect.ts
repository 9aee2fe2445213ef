/**
 * Which Docker engine isobench talks to, chosen as the docker CLI chooses: `--docker-host URL`, else
 * DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), else the context named by DOCKER_CONTEXT or
 * by `currentContext` in the CLI's config.json (endpoint and TLS files under contexts/), else the
 * local socket. unix://, tcp:// (plain or TLS) and ssh:// endpoints; a unix socket is a local engine.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Agent, type AgentOptions } from 'node:https'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import type Docker from 'dockerode'
import { UsageError } from '../../errors.js'
import { knownHostKeys, knownHostsName } from '../../host/known-hosts.js'

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock'

/** Where the engine is and how to reach it (pure data: files are named, not read). */
export interface DockerEndpoint {
  /** The URL, for messages and the result (`unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`). */
  host: string
  /** What chose it: `--docker-host`, `DOCKER_HOST`, `context <name>` or `default`. */
  source: string
  /** A unix socket: the engine runs on this machine (its containers' /proc is ours to read). */
  isLocal: boolean
  /** TLS material: a directory holding ca.pem, cert.pem and key.pem; `verify` checks the server's certificate. */
  tls?: { certDir: string; verify: boolean }
}

/** What the resolution reads: the environment and a file reader (tests pass their own). */
export interface EndpointInputs {
  flag?: string
  env: Record<string, string | undefined>
  readText: (path: string) => string | undefined
  home?: string
}

/** The directory of the docker CLI's config (DOCKER_CONFIG, else ~/.docker). */
function configDir(inputs: EndpointInputs): string {
  return inputs.env.DOCKER_CONFIG || join(inputs.home ?? homedir(), '.docker')
}

/** The name of the docker CLI's current context (DOCKER_CONTEXT, then config.json), if not `default`. */
function contextName(inputs: EndpointInputs): string | undefined {
  if (inputs.env.DOCKER_CONTEXT) return inputs.env.DOCKER_CONTEXT
  const text = inputs.readText(join(configDir(inputs), 'config.json'))
  if (!text) return undefined
  try {
    const current = (JSON.parse(text) as { currentContext?: unknown }).currentContext
    return typeof current === 'string' && current !== '' ? current : undefined
  } catch {
    throw new UsageError(`${join(configDir(inputs), 'config.json')} is not valid JSON`, 'fix or remove the docker CLI config, or pass --docker-host URL')
  }
}

/** Checks the URL's scheme; tcp without a port gets Docker's (2376 with TLS, else 2375). */
function checkUrl(host: string, what: string): void {
  if (!/^(unix|tcp|ssh|https?):\/\/./.test(host)) {
    throw new UsageError(`${what} "${host}" is not a Docker endpoint URL`, 'use unix:///var/run/docker.sock, tcp://HOST:2376 (TLS: DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH) or ssh://user@HOST')
  }
}

/** The endpoint of a named docker context (contexts/meta/<sha256(name)>/meta.json; TLS in contexts/tls/). */
function contextEndpoint(name: string, inputs: EndpointInputs): DockerEndpoint {
  const id = createHash('sha256').update(name).digest('hex')
  const metaPath = join(configDir(inputs), 'contexts', 'meta', id, 'meta.json')
  const text = inputs.readText(metaPath)
  if (!text) throw new UsageError(`docker context "${name}" not found (no ${metaPath})`, 'docker context ls lists the contexts; docker context use default, or pass --docker-host URL')
  let endpoint: { Host?: unknown; SkipTLSVerify?: unknown } | undefined
  try {
    endpoint = (JSON.parse(text) as { Endpoints?: { docker?: typeof endpoint } }).Endpoints?.docker
  } catch {
    throw new UsageError(`${metaPath} (docker context "${name}") is not valid JSON`, 'recreate the context with docker context create, or pass --docker-host URL')
  }
  if (typeof endpoint?.Host !== 'string') throw new UsageError(`docker context "${name}" has no docker endpoint host`, 'recreate the context with docker context create, or pass --docker-host URL')
  checkUrl(endpoint.Host, `docker context "${name}" host`)
  const tlsDir = join(configDir(inputs), 'contexts', 'tls', id, 'docker')
  const hasTls = inputs.readText(join(tlsDir, 'ca.pem')) !== undefined || inputs.readText(join(tlsDir, 'cert.pem')) !== undefined
  return {
    host: endpoint.Host,
    source: `context ${name}`,
    isLocal: endpoint.Host.startsWith('unix://'),
    ...(hasTls ? { tls: { certDir: tlsDir, verify: endpoint.SkipTLSVerify !== true } } : {}),
  }
}

/** The endpoint to use, by the docker CLI's precedence (pure). */
export function resolveDockerEndpoint(inputs: EndpointInputs): DockerEndpoint {
  const fromUrl = (host: string, source: string): DockerEndpoint => {
    checkUrl(host, source)
    const verify = Boolean(inputs.env.DOCKER_TLS_VERIFY)
    const isTcp = /^(tcp|https):/.test(host)
    return { host, source, isLocal: host.startsWith('unix://'), ...(isTcp && verify ? { tls: { certDir: inputs.env.DOCKER_CERT_PATH || configDir(inputs), verify } } : {}) }
  }
  if (inputs.flag) return fromUrl(inputs.flag, '--docker-host')
  if (inputs.env.DOCKER_HOST) return fromUrl(inputs.env.DOCKER_HOST, 'DOCKER_HOST')
  const context = contextName(inputs)
  if (context && context !== 'default') return contextEndpoint(context, inputs)
  return { host: `unix://${DEFAULT_DOCKER_SOCKET}`, source: 'default', isLocal: true }
}

/** dockerode's options for an endpoint; reads the TLS files (a missing one is bad input). */
export function dockerOptionsFor(endpoint: DockerEndpoint, readFile: (path: string) => Buffer = readFileSync, hostKeys: typeof knownHostKeys = knownHostKeys): Docker.DockerOptions {
  const url = new URL(endpoint.host)
  if (url.protocol === 'unix:') return { socketPath: url.pathname || DEFAULT_DOCKER_SOCKET }
  if (url.protocol === 'ssh:') {
    const port = Number(url.port || 22)
    const known = new Set(hostKeys(url.hostname, port))
    // As the docker CLI (through ssh) does: an unknown host is refused, never trusted on first use.
    if (known.size === 0) throw new UsageError(`the ssh host key of ${knownHostsName(url.hostname, port)} is not in ~/.ssh/known_hosts`, `connect once with ssh${port === 22 ? '' : ` -p ${port}`} ${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.hostname} and accept its key, then run isobench again`)
    return {
      protocol: 'ssh',
      host: url.hostname,
      port,
      username: decodeURIComponent(url.username) || undefined,
      sshOptions: { agent: process.env.SSH_AUTH_SOCK, hostVerifier: (key: Buffer) => known.has(key.toString('base64')) },
    } as Docker.DockerOptions
  }
  const tls = endpoint.tls ?? (url.protocol === 'https:' ? { certDir: '', verify: false } : undefined)
  const options: Docker.DockerOptions = { protocol: tls ? 'https' : 'http', host: url.hostname, port: url.port || (tls ? 2376 : 2375) }
  if (tls?.certDir) {
    const file = (name: string) => {
      try {
        return readFile(join(tls.certDir, name))
      } catch {
        throw new UsageError(`TLS file ${join(tls.certDir, name)} for ${endpoint.host} is missing or unreadable`, 'DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem (docker --tlsverify layout)')
      }
    }
    Object.assign(options, { ca: file('ca.pem'), cert: file('cert.pem'), key: file('key.pem') })
  }
  // SkipTLSVerify (a context's, or https:// without DOCKER_TLS_VERIFY): encrypted, the server's certificate unchecked
  if (tls && !tls.verify) Object.assign(options, { agent: new Agent({ rejectUnauthorized: false, ca: options.ca, cert: options.cert, key: options.key } as AgentOptions) })
  return options
}

function readTextOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** The endpoint for this process: the flag, else the environment and the docker CLI's context. */
export function dockerEndpoint(flag?: string): DockerEndpoint {
  return resolveDockerEndpoint({ flag, env: process.env, readText: readTextOrUndefined })
}

/** A client of the chosen engine, with its endpoint. */
/** dockerode, loaded when an engine is first needed: it (and its gRPC and ssh stack) is a third of the CLI's start-up otherwise. */
function loadDockerode(): typeof Docker {
  return createRequire(import.meta.url)('dockerode') as typeof Docker
}

/**
 * docker-modem computes each request's path with url.parse of `ssh:` + host, which Node flags as an
 * invalid URL (DEP0170) on every call although the request itself is right: that one warning is
 * dropped, every other one still printed.
 */
function quietModemUrlWarning(): void {
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void
  if ((process.emitWarning as { isobenchQuiet?: true }).isobenchQuiet) return
  const quiet = Object.assign((...args: unknown[]) => {
    const [warning, options] = args
    const code = typeof options === 'object' && options !== null ? (options as { code?: string }).code : args[2]
    if (code === 'DEP0170' && String(warning).startsWith('The URL ssh:')) return
    emit(...args)
  }, { isobenchQuiet: true as const })
  process.emitWarning = quiet as typeof process.emitWarning
}

export function connectDocker(flag?: string): { docker: Docker; endpoint: DockerEndpoint } {
  const endpoint = dockerEndpoint(flag)
  if (endpoint.host.startsWith('ssh:')) quietModemUrlWarning()
  return { docker: new (loadDockerode())(dockerOptionsFor(endpoint)), endpoint }
}
