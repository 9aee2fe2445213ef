import { createDockerRuntime } from '../../src/runtimes/docker.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createDockerRuntime, { usesDocker: true })
