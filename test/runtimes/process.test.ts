import { createProcessRuntime } from '../../src/runtimes/process.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(createProcessRuntime)
