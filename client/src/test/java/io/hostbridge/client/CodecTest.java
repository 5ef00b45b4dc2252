package io.hostbridge.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.api.storage.DomainClass;
import io.hostbridge.api.storage.StorageDomainInfo;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.api.vm.VmStatus;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract's types on the wire as the agent spells them, both ways. */
class CodecTest {
    @Test
    void recordsTravelByTheirFieldsWireNamesAndLeaveOutWhatIsAbsent() {
        JsonNode json = Codec.encode(new VmParams(null, "web", 512, null, null, null, null, null, null, null,
                Map.of("k", "v"), null, null, null, null, null, null));
        assertThat(json.get("vmName").asText()).isEqualTo("web");
        assertThat(json.get("memSize").asInt()).isEqualTo(512);
        assertThat(json.has("vmId")).isFalse();
        assertThat(json.get("custom").get("k").asText()).isEqualTo("v");
    }

    @Test
    void enumsTravelByTheirWireNames() {
        assertThat(Codec.encode(VmStatus.WAIT_FOR_LAUNCH).asText()).isEqualTo("WaitForLaunch");
        assertThat(Codec.decode(Codec.JSON.getNodeFactory().textNode("Migration Source"), VmStatus.class))
                .isEqualTo(VmStatus.MIGRATION_SOURCE);
    }

    @Test
    void aFieldWithAWireNameOfItsOwnIsReadByIt() throws Exception {
        UUID id = UUID.randomUUID();
        JsonNode json = Codec.encode(Map.of("uuid", id.toString(), "name", "local", "type", "localfs", "class", "data",
                "unknownToThisClient", 1));
        StorageDomainInfo info = (StorageDomainInfo) Codec.decode(json, StorageDomainInfo.class);
        assertThat(info.uuid()).isEqualTo(id);
        assertThat(info.domainClass()).isEqualTo(DomainClass.DATA);
    }

    @Test
    void listsAndMapsOfContractTypes() throws Exception {
        java.lang.reflect.Type listOfStatus = CodecTest.class.getDeclaredMethod("statuses").getGenericReturnType();
        assertThat(Codec.decode(Codec.JSON.readTree("[\"Up\",\"Down\"]"), listOfStatus))
                .isEqualTo(List.of(VmStatus.UP, VmStatus.DOWN));
    }

    @Test
    void topicPatternsAreTheAgents() {
        TopicPatterns vm = TopicPatterns.of("vm.*, host.#");
        assertThat(vm.matches("vm.status")).isTrue();
        assertThat(vm.matches("vm.status.more")).isFalse();
        assertThat(vm.matches("host")).isTrue();
        assertThat(vm.matches("host.stats.cpu")).isTrue();
        assertThat(vm.matches("job.status")).isFalse();
        assertThat(TopicPatterns.of("#").matches("anything.at.all")).isTrue();
    }

    @SuppressWarnings("unused")
    private static List<VmStatus> statuses() {
        return List.of();
    }
}
