package io.hostbridge.binding.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.Event;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VdsmEventsTest {

    /** The table is closed, so it must be complete: every event the API declares (docs/schema) has its name. */
    @Test
    void everyDeclaredTopicHasANotification() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Path.of("..", "docs", "schema", "hostbridge-api.json").toFile());
        List<String> topics = new java.util.ArrayList<>();
        schema.path("events").fieldNames().forEachRemaining(topics::add);
        assertThat(topics).isNotEmpty().allSatisfy(topic -> assertThat(VdsmEvents.covers(topic)).as(topic).isTrue());
    }

    @Test
    void vmStatusHasVdsmsShape() {
        Map<String, Object> payload = Map.of("vmId", "v-1", "status", "Up");
        Map<String, Object> n = VdsmEvents.notification(new Delivery.Published(
                new Event("vm.status", "v-1", "h", 5, Instant.now(), payload)));
        assertThat(n).containsEntry("jsonrpc", "2.0").containsEntry("method", "|virt|VM_status|v-1")
                .doesNotContainKey("id");
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) n.get("params");
        assertThat(params).containsEntry("v-1", payload);
        assertThat((Long) params.get("notify_time")).isGreaterThan((long) Integer.MAX_VALUE);
    }

    @Test
    void aGapIsAnnounced() {
        Map<String, Object> n = VdsmEvents.notification(new Delivery.Gap(3, 9, Delivery.Reason.OVERFLOW, 7));
        assertThat(n.get("method")).isEqualTo("|events|gap|no_id");
    }

    @Test
    void aTopicOutsideTheTableIsNotSent() {
        assertThat(VdsmEvents.notification(new Delivery.Published(
                new Event("test.other", "s", "h", 1, Instant.now(), Map.of())))).isNull();
    }
}
