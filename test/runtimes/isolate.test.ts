import { createIsolateRuntime } from '../../src/runtimes/isolate.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createIsolateRuntime)
