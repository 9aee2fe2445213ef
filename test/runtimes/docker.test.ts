import { createDockerRuntime } from '../../src/runtimes/docker/index.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createDockerRuntime, { usesDocker: true })
