import { createIsolateRuntime } from '../../src/runtimes/isolate/index.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createIsolateRuntime)
