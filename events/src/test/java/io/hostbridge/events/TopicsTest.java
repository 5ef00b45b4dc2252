package io.hostbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

final class TopicsTest {

    @ParameterizedTest
    @ValueSource(strings = {"vm", "vm.status", "job.progress", "vm.migration.progress", "storage_domain.v2",
            "host-stats.x", "a.b.c.d.e.f", "0", "_", "-"})
    void validTopicsAreReturned(String topic) {
        assertThat(Topics.requireValidTopic(topic)).isSameAs(topic);
        assertThat(Topics.isValidTopic(topic)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "vm.", ".vm", "vm..status", "Vm.status", "vm.Status", "vm status", " vm",
            "vm.*", "vm.#", "*", "#", "vm/status", "vm:status", "vm.stätus"})
    void invalidTopicsAreRejectedNamingTheTopicAndTheRule(String topic) {
        assertThat(Topics.isValidTopic(topic)).isFalse();
        assertThatThrownBy(() -> Topics.requireValidTopic(topic))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(topic == null ? "null" : '"' + topic + '"')
                .hasMessageContaining("lowercase letters, digits, '_' or '-'");
    }

    @Test
    void lengthIsLimitedTo255Characters() {
        String longest = "a".repeat(127) + "." + "b".repeat(127);
        assertThat(longest).hasSize(255);
        assertThat(Topics.requireValidTopic(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> Topics.requireValidTopic(longest + "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 255 characters");
    }
}
