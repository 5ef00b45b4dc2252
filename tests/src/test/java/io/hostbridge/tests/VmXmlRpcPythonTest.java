package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** VDSM's legacy VM methods with Python's xmlrpc.client, as old VDSM scripts call them. */
class VmXmlRpcPythonTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();

    private static String python(String script, String vmId) throws Exception {
        String prelude = """
                import sys, time, xmlrpc.client
                server = xmlrpc.client.ServerProxy(sys.argv[1])
                vm_id = sys.argv[2]
                disk = sys.argv[3]
                def wait_status(wanted):
                    deadline = time.time() + 15
                    while time.time() < deadline:
                        stats = server.getVmStats(vm_id)['statsList'][0]
                        if stats['status'] == wanted:
                            return stats
                        time.sleep(0.05)
                    raise SystemExit('VM never reached ' + wanted)
                """;
        Shell.Result r = Shell.run(List.of("python3", "-c", prelude + script, agent.uri("/RPC2").toString(), vmId,
                agent.disk("py.img").toString()), 60);
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        return r.out();
    }

    @Test
    void legacyVmMethods() throws Exception {
        String vmId = UUID.randomUUID().toString();
        String out = python("""
                params = {'vmId': vm_id, 'vmName': 'py-' + vm_id[:8], 'memSize': 256, 'smp': 1,
                          'drives': [{'path': disk, 'iface': 'virtio'}], 'nics': [{'type': 'user'}],
                          'custom': {'k': 'v'}}
                created = server.create(params)
                print('create', created['status']['code'], created['vmList']['vmId'] == vm_id)
                stats = wait_status('Up')
                print('stats', stats['vmId'] == vm_id, type(stats['cpuTime']).__name__)
                print('list', [v['status'] for v in server.list()['vmList'] if v['vmId'] == vm_id])
                print('full', server.list(True, [vm_id])['vmList'][0]['custom'])
                print('all', vm_id in [s['vmId'] for s in server.getAllVmStats()['statsList']])
                print('pause', server.pause(vm_id)['status']['code'], wait_status('Paused')['status'])
                print('cont', server.cont(vm_id)['status']['code'], wait_status('Up')['status'])
                print('reset', server.reset(vm_id)['status']['code'])
                print('setBalloonTarget', server.setBalloonTarget(vm_id, 131072)['status']['code'])
                print('setNumberOfCpus', server.setNumberOfCpus(vm_id, 1)['vmList']['vmId'] == vm_id)
                print('setIoTune', server.setIoTune(vm_id, [{'name': 'vda', 'ioTune': {'total_iops_sec': 300}}])['status']['code'])
                print('getIoTune', server.getIoTune(vm_id)['ioTuneList'][0]['ioTune']['total_iops_sec'])
                print('freeze', server.freeze(vm_id)['status']['code'], server.thaw(vm_id)['status']['code'])
                print('changeCD', server.changeCD(vm_id, '')['status']['code'])
                print('setVmTicket', server.setVmTicket(vm_id, 'pw', 60, 'disconnect', {})['status']['code'])
                print('hotplugNic', server.hotplugNic({'vmId': vm_id, 'nic': {'type': 'user'}})['status']['code'])
                print('migrateStatus', server.migrateStatus(vm_id)['migrationStats']['status'])
                print('migrate', server.migrate({'vmId': vm_id, 'dstUri': 'qemu:///session'})['status']['code'])
                print('migrateCancel', server.migrateCancel(vm_id)['status']['code'])
                print('shutdown', server.shutdown(vm_id, 0, 'bye')['status']['code'], wait_status('Down')['exit']['exitReason'])
                print('destroy', server.destroy(vm_id)['status'])
                print('gone', server.getVmStats(vm_id)['status']['code'])
                print('again', server.destroy(vm_id)['status']['code'])
                print('no id', server.create({'vmName': 'x', 'memSize': 64})['status'])
                """, vmId);
        assertThat(out).contains("create 0 True\n", "stats True str\n", "list ['Up']\n", "full {'k': 'v'}\n",
                "all True\n", "pause 0 Paused\n", "cont 0 Up\n", "reset 0\n", "setBalloonTarget 0\n",
                "setNumberOfCpus True\n", "setIoTune 0\n", "getIoTune 300\n", "freeze 0 0\n",
                // the VM has no CD-ROM and no display; the test driver cannot plug NICs
                "changeCD 5002\n", "setVmTicket 5002\n", "hotplugNic 100\n", "migrateStatus none\n", "migrate 12\n",
                "migrateCancel 12\n", "shutdown 0 AdminShutdown\n", "destroy {'code': 0, 'message': 'Done'}\n",
                "gone 1\n", "again 1\n",
                "no id {'code': 11, 'message': \"Missing required field 'vmParams.vmId' (the VM's id)\"}\n");
    }
}
