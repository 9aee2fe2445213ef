import { createWorkerdRuntime } from '../../src/runtimes/workerd.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createWorkerdRuntime, { isOptionalPlatform: true })
