package io.hostbridge.binding.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values as XML-RPC can carry them: longs as strings, no nulls. */
class EnvelopeTest {
    @Test
    void longsBecomeDecimalStringsEverywhere() {
        Map<String, Object> value = Map.of("memTotal", 68719476736L, "small", 1L, "list", List.of(-2L, 3));
        assertThat(Envelope.toWire(value, "info"))
                .isEqualTo(Map.of("memTotal", "68719476736", "small", "1", "list", List.of("-2", 3)));
    }

    @Test
    void intsDoublesBooleansAndStringsAreUnchanged() {
        assertThat(Envelope.toWire(List.of(7, 0.5, true, "s"), "result")).isEqualTo(List.of(7, 0.5, true, "s"));
    }

    @Test
    void nullMembersAreLeftOut() {
        Map<String, Object> value = new HashMap<>();
        value.put("gap", null);
        value.put("more", false);
        assertThat(Envelope.toWire(value, "result")).isEqualTo(Map.of("more", false));
    }

    @Test
    void aNullInsideAListCannotBeSent() {
        assertThatThrownBy(() -> Envelope.toWire(Map.of("nics", Arrays.asList("a", null)), "info"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("info.nics[1]");
    }

    @Test
    void theEnvelopeCarriesStatusAndPayload() {
        assertThat(Envelope.success("info", Map.of("a", 1L)))
                .isEqualTo(Map.of("status", Map.of("code", 0, "message", "Done"), "info", Map.of("a", "1")));
        assertThat(Envelope.success(null, null)).containsOnlyKeys("status");
        assertThat(Envelope.failure(11, "Missing"))
                .isEqualTo(Map.of("status", Map.of("code", 11, "message", "Missing")));
    }
}
