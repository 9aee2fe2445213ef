import { createWorkerdRuntime } from '../../src/runtimes/workerd/index.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createWorkerdRuntime, { isOptionalPlatform: true, sandboxPhases: 'answer', insideCpu: false })
