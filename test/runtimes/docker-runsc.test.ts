import { RUNTIMES } from '../../src/runtimes/index.js'
import { describeRuntimeContract } from './contract.js'

describeRuntimeContract(RUNTIMES['docker:runsc'], { usesDocker: true, sandboxPhases: 'own-clock' })
