package io.hostbridge.binding.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.ApiCatalog;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.host.HostApi;
import io.hostbridge.api.jobs.HostJobsApi;
import io.hostbridge.api.jobs.TaskApi;
import io.hostbridge.api.storage.HostStorageApi;
import io.hostbridge.api.storage.ImageApi;
import io.hostbridge.api.storage.StorageDomainApi;
import io.hostbridge.api.storage.VolumeApi;
import io.hostbridge.api.vm.HostVmApi;
import io.hostbridge.api.vm.VmApi;
import io.hostbridge.bridge.SampleApi;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.VerbDef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The legacy table cannot rot: every entry names a verb and parameters the API has. */
class LegacyNamesTest {
    /** The namespaces the legacy table reaches (the agent serves them with its default modules). */
    private static final ApiModel API = ApiModel.read(ApiCatalog.VERSION, List.of(HostApi.class,
            HostStorageApi.class, StorageDomainApi.class, ImageApi.class, VolumeApi.class, HostJobsApi.class,
            TaskApi.class, HostVmApi.class, VmApi.class, io.hostbridge.api.host.HostKsmApi.class,
            io.hostbridge.api.host.HostNetworkApi.class,
            io.hostbridge.api.vm.VmTuneApi.class,
            io.hostbridge.api.vm.VmDevicesApi.class, io.hostbridge.api.vm.VmSnapshotApi.class,
            io.hostbridge.api.vm.VmBackupApi.class));
    private static final ApiModel SAMPLE = ApiModel.read("0.1.0", List.of(SampleApi.class));

    @Test
    void everyEntryFitsTheApi() {
        assertThat(LegacyNames.problems(API, LegacyNames.all())).isEmpty();
    }

    @Test
    void everyEntryNamesAnExistingVerbAndItsParameters() {
        for (LegacyNames.Entry entry : LegacyNames.all()) {
            VerbDef verb = API.verb(entry.verb()).orElseThrow(() -> new AssertionError(entry.name()));
            assertThat(verb.params()).extracting(p -> p.name()).as(entry.name()).containsAll(entry.params());
            assertThat(entry.payloadKey() == null).as(entry.name()).isEqualTo(verb.result() == null);
        }
    }

    @Test
    void theVdsmHostCallsAreThere() {
        assertThat(LegacyNames.all()).extracting(LegacyNames.Entry::name)
                .contains("getVdsCapabilities", "getVdsStats", "getVdsHardwareInfo", "ping");
    }

    @Test
    void aMissingVerbOrParameterIsReported() {
        List<String> problems = LegacyNames.problems(SAMPLE, List.of(
                LegacyNames.Entry.of("gone", "Sample.gone", "info"),
                LegacyNames.Entry.of("add", "Sample.add", "sum", "a", "c"),
                LegacyNames.Entry.of("add", "Sample.add", "sum", "a")));
        assertThat(problems).hasSize(3).anySatisfy(p -> assertThat(p).contains("gone", "no such verb"))
                .anySatisfy(p -> assertThat(p).contains("no parameter 'c'"))
                .anySatisfy(p -> assertThat(p).contains("listed twice"));
    }

    @Test
    void aRequiredParameterNeedsAPositionOrAnArgumentMapping() {
        LegacyNames.Entry noId = LegacyNames.Entry.of("create", "Sample.create", "vmList", "vmParams");
        assertThat(LegacyNames.problems(SAMPLE, List.of(noId))).singleElement().asString()
                .contains("required parameter 'vmID' has no position");
        LegacyNames.Entry idFromParams = new LegacyNames.Entry("create", "Sample.create", "vmList",
                List.of("vmParams"), LegacyNamesTest::vmIdFromParams);
        assertThat(LegacyNames.problems(SAMPLE, List.of(idFromParams))).isEmpty();
    }

    @Test
    void thePayloadKeyMatchesWhetherTheVerbHasAResult() {
        assertThat(LegacyNames.problems(SAMPLE, List.of(LegacyNames.Entry.of("nothing", "Sample.nothing", "info"),
                LegacyNames.Entry.of("add", "Sample.add", null, "a", "b"))))
                .anySatisfy(p -> assertThat(p).contains("nothing", "returns nothing"))
                .anySatisfy(p -> assertThat(p).contains("add", "needs a payload key"));
    }

    @Test
    void aLegacyNameHasNoDot() {
        LegacyNames.Entry dotted = LegacyNames.Entry.of("Sample.nothing", "Sample.nothing", null);
        assertThat(LegacyNames.problems(SAMPLE, List.of(dotted))).singleElement().asString().contains("no '.'");
    }

    @Test
    void argumentsAreNamedByPositionThenMapped() {
        LegacyNames.Entry entry = new LegacyNames.Entry("create", "Sample.create", "vmList", List.of("vmParams"),
                LegacyNamesTest::vmIdFromParams);
        Map<String, Object> named = entry.namedArguments(List.of(Map.of("id", "x")));
        assertThat(named).isEqualTo(Map.of("vmParams", Map.of("id", "x"), "vmID", "x"));
        assertThatThrownBy(() -> entry.namedArguments(List.of(1, 2)))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorCode.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("create takes at most 1 arguments (vmParams), got 2");
                });
    }

    /** What VDSM's create(vmParams) needs: the VM id travels inside vmParams. */
    static Map<String, Object> vmIdFromParams(Map<String, Object> named) {
        Map<String, Object> out = new HashMap<>(named);
        if (named.get("vmParams") instanceof Map<?, ?> params && params.get("id") != null) {
            out.put("vmID", params.get("id"));
        }
        return out;
    }
}
