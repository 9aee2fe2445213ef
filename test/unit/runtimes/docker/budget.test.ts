import { describe, expect, it } from 'vitest'
import { dockerBudgetUnavailable } from '../../../../src/runtimes/docker/daemon.js'

// A budget group is a cgroup of this host: a container joins it only through a local engine whose
// cgroupfs driver takes the group's path as HostConfig.CgroupParent.
describe('whether containers can join a budget group made on this host', () => {
  it('a local engine with the cgroupfs driver can (this machine\'s dockerd)', () => {
    expect(dockerBudgetUnavailable({ remote: false, dockerHost: 'unix:///var/run/docker.sock', cgroupDriver: 'cgroupfs' })).toBeUndefined()
  })

  it('a remote engine cannot: the path would be a new group of another machine, without the budget\'s limits', () => {
    expect(dockerBudgetUnavailable({ remote: true, dockerHost: 'tcp://10.0.0.5:2376', cgroupDriver: 'cgroupfs' })).toBe("the engine at tcp://10.0.0.5:2376 is remote: its cgroups are not this host's")
  })

  it('the systemd driver cannot: it takes only a slice as the parent (most cgroup v2 distributions)', () => {
    expect(dockerBudgetUnavailable({ remote: false, cgroupDriver: 'systemd' })).toMatch(/^dockerd's systemd cgroup driver takes only a slice .*native\.cgroupdriver=cgroupfs/)
  })

  it('an engine not probed yet cannot be trusted with one', () => {
    expect(dockerBudgetUnavailable(undefined)).toBe('the docker engine was not probed')
  })
})
