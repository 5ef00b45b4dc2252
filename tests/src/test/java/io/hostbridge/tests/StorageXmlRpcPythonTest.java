package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** VDSM's legacy storage calls from Python's standard xmlrpc.client, with VDSM's integer codes and string sizes. */
class StorageXmlRpcPythonTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();
    @TempDir
    Path dir;

    @Test
    void aLegacyScriptCreatesADomainAndAVolumeAndDeletesTheImage() throws Exception {
        String sd = UUID.randomUUID().toString();
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        Path typeArgs = Files.createDirectory(dir.resolve("data"));
        String script = """
                import sys, time, xmlrpc.client
                server = xmlrpc.client.ServerProxy(sys.argv[1])
                sd, img, vol, path = sys.argv[2:6]
                blank = '00000000-0000-0000-0000-000000000000'
                print('create', server.createStorageDomain(4, sd, 'legacy', path, 1, 5)['status']['code'])
                print('listed', sd in server.getStorageDomainsList()['domlist'])
                info = server.getStorageDomainInfo(sd)['info']
                print('info', info['type'], info['class'], info['name'])
                stats = server.getStorageDomainStats(sd)['stats']
                print('disktotal', type(stats['disktotal']).__name__, int(stats['disktotal']) > 0)
                task = server.createVolume(sd, blank, img, '1073741824', 4, 2, 'DATA', vol, 'legacy disk', blank, blank)
                print('createVolume', task['status']['code'], len(task['uuid']))
                print('task', server.getTaskStatus(task['uuid'])['taskStatus']['taskState'])
                v = server.getVolumeInfo(sd, blank, img, vol)['info']
                print('volume', v['format'], v['type'], v['capacity'], v['legality'], v['parent'] == blank)
                print('all', task['uuid'] in server.getAllTasksStatuses()['allTasksStatus'])
                print('jobs', task['uuid'] in server.getHostJobs()['jobs'])
                print('missing', server.getVolumeInfo(sd, blank, img, blank)['status']['code'])
                deleted = server.deleteImage(sd, blank, img)
                for _ in range(600):
                    status = server.getTaskStatus(deleted['uuid'])['taskStatus']
                    if status['taskState'] == 'finished':
                        break
                    time.sleep(0.05)
                print('deleted', status['taskResult'], server.clearTask(deleted['uuid'])['status']['code'])
                print('gone', server.getVolumeInfo(sd, blank, img, vol)['status']['code'])
                """;
        Shell.Result r = Shell.run(List.of("python3", "-c", script, agent.uri("/RPC2").toString(), sd, image, volume,
                typeArgs.toString()), 60);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("create 0\n", "listed True\n", "info localfs data legacy\n",
                "disktotal str True\n", "createVolume 0 36\n", "task finished\n",
                "volume COW SPARSE 1073741824 LEGAL True\n", "all True\n", "jobs True\n", "missing 201\n",
                "deleted success 0\n", "gone 201\n");
    }

    @Test
    void legacyMaintenanceCallsDescribeValidateAndDeleteVolumes() throws Exception {
        String sd = UUID.randomUUID().toString();
        String image = UUID.randomUUID().toString();
        String base = UUID.randomUUID().toString();
        String top = UUID.randomUUID().toString();
        Path typeArgs = Files.createDirectory(dir.resolve("maintenance"));
        String script = """
                import sys, xmlrpc.client
                server = xmlrpc.client.ServerProxy(sys.argv[1])
                sd, img, base, top, path = sys.argv[2:7]
                blank = '00000000-0000-0000-0000-000000000000'
                server.createStorageDomain(4, sd, 'legacy', path, 1, 5)
                print('describe', server.setStorageDomainDescription(sd, 'described')['status']['code'],
                      server.getStorageDomainInfo(sd)['info']['name'])
                print('validate', server.validateStorageDomain(sd)['status']['code'])
                stats = server.repoStats()
                print('repoStats', stats['status']['code'], stats[sd]['valid'], stats[sd]['code'], stats[sd]['version'])
                server.createVolume(sd, blank, img, '1048576', 5, 2, 'DATA', base, 'base', blank, blank)
                server.createVolume(sd, blank, img, '1048576', 4, 2, 'DATA', top, 'top', img, base)
                print('setVolumeDescription', server.setVolumeDescription(sd, blank, img, top, 'renamed')['status']['code'],
                      server.getVolumeInfo(sd, blank, img, top)['info']['description'])
                print('setVolumeLegality', server.setVolumeLegality(sd, blank, img, top, 'ILLEGAL')['status']['code'],
                      server.getVolumeInfo(sd, blank, img, top)['info']['legality'])
                print('parent first', server.deleteVolume(sd, blank, img, [base])['status']['code'])
                task = server.deleteVolume(sd, blank, img, [top])
                print('deleteVolume', task['status']['code'], server.getTaskStatus(task['uuid'])['taskStatus']['taskState'])
                print('left', server.getVolumeInfo(sd, blank, img, top)['status']['code'],
                      server.getVolumeInfo(sd, blank, img, base)['status']['code'])
                print('unknown domain', server.validateStorageDomain(blank)['status']['code'])
                """;
        Shell.Result r = Shell.run(List.of("python3", "-c", script, agent.uri("/RPC2").toString(), sd, image, base,
                top, typeArgs.toString()), 60);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("describe 0 described\n", "validate 0\n", "repoStats 0 True 0 5\n",
                "setVolumeDescription 0 renamed\n", "setVolumeLegality 0 ILLEGAL\n", "parent first 204\n",
                "deleteVolume 0 finished\n", "left 201 0\n", "unknown domain 358\n");
    }
}
