package io.hostbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

final class TopicFilterTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            vm.status               | vm.status               | true
            vm.status               | vm.statusx              | false
            vm.status               | vm.stat                 | false
            vm.status               | vm                      | false
            vm.status               | vm.status.x             | false
            vm.*                    | vm.status               | true
            vm.*                    | vm                      | false
            vm.*                    | vm.migration.progress   | false
            vm.*                    | vmx.status              | false
            *                       | vm                      | true
            *                       | vm.status               | false
            *.status                | vm.status               | true
            *.status                | host.status             | true
            *.status                | vm.statuses             | false
            *.*                     | vm.status               | true
            *.*                     | vm                      | false
            vm.#                    | vm                      | true
            vm.#                    | vm.status               | true
            vm.#                    | vm.migration.progress   | true
            vm.#                    | vmx                     | false
            vm.#                    | vmx.status              | false
            vm.#                    | host.vm                 | false
            #                       | vm                      | true
            #                       | vm.migration.progress   | true
            #.progress              | progress                | true
            #.progress              | job.progress            | true
            #.progress              | vm.migration.progress   | true
            #.progress              | job.progress.step       | false
            vm.#.progress           | vm.progress             | true
            vm.#.progress           | vm.migration.progress   | true
            vm.#.progress           | vm.a.b.c.progress       | true
            vm.#.progress           | vm.a.b.c.progresss      | false
            #.*                     | vm                      | true
            #.*                     | vm.status               | true
            *.#                     | vm                      | true
            #.#                     | a.b.c                   | true
            #.a.#.a.#.b             | a.a.a.a.a.a.a.a.a.a.a.b | true
            #.a.#.a.#.b             | a.a.a.a.a.a.a.a.a.a.a.a | false
            *.#.*                   | vm                      | false
            *.#.*                   | vm.status               | true
            *.#.*                   | vm.migration.progress   | true
            job.*.step              | job.progress.step       | true
            job.*.step              | job.progress.x.step     | false
            """)
    void patternMatching(String pattern, String topic, boolean expected) {
        assertThat(TopicFilter.parse(pattern).matches(topic)).isEqualTo(expected);
    }

    @Test
    void anyPatternMayMatch() {
        TopicFilter filter = TopicFilter.parse("vm.*,job.#");
        assertThat(filter.matches("vm.status")).isTrue();
        assertThat(filter.matches("job.progress.step")).isTrue();
        assertThat(filter.matches("host.stats")).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", " , ,"})
    void blankMeansAll(String text) {
        assertThat(TopicFilter.parse(text)).isEqualTo(TopicFilter.all());
        assertThat(TopicFilter.parse(text).matches("anything.at.all")).isTrue();
    }

    @Test
    void parseTrimsEntriesAndIgnoresDuplicates() {
        TopicFilter filter = TopicFilter.parse(" vm.* ,job.#,vm.*, ,host.stats ");
        assertThat(filter.patterns()).containsExactly("vm.*", "job.#", "host.stats");
        assertThat(filter.toString()).isEqualTo("vm.*,job.#,host.stats");
        assertThat(TopicFilter.parse(filter.toString())).isEqualTo(filter);
    }

    @Test
    void valueEquality() {
        assertThat(TopicFilter.of(List.of("vm.*", "job.#"))).isEqualTo(TopicFilter.parse("vm.*,job.#"))
                .hasSameHashCodeAs(TopicFilter.parse("vm.*,job.#"))
                .isNotEqualTo(TopicFilter.parse("vm.*"));
        assertThat(TopicFilter.of(List.of())).isEqualTo(TopicFilter.all());
        assertThat(TopicFilter.parse("#")).isEqualTo(TopicFilter.all());
        assertThat(TopicFilter.all().patterns()).containsExactly("#");
        assertThat(TopicFilter.all().toString()).isEqualTo("#");
    }

    @Test
    void ofTakesPatternsAsTheyAre() {
        assertThatThrownBy(() -> TopicFilter.of(List.of(" vm.*"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(TopicFilter.of(List.of("vm.*", "vm.*")).patterns()).containsExactly("vm.*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vm*", "vm.*x", "vm.#x", "**", "##", "*#", "vm..status", ".vm", "vm.", ".", "VM.*",
            "vm. status", "vm/status", "vm.stätus"})
    void invalidPatternsAreRejectedNamingThePatternAndTheRule(String pattern) {
        assertThatThrownBy(() -> TopicFilter.parse(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining('"' + pattern.strip() + '"')
                .hasMessageContaining("'*' (exactly one segment)")
                .hasMessageContaining("'#' (zero or more segments)");
    }

    @Test
    void overlongPatternIsRejected() {
        String longest = "a".repeat(Topics.MAX_LENGTH - 2) + ".#";
        assertThat(TopicFilter.parse(longest).matches("a".repeat(Topics.MAX_LENGTH - 2))).isTrue();
        assertThatThrownBy(() -> TopicFilter.parse("a" + longest)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidEntryInAListIsNamed() {
        assertThatThrownBy(() -> TopicFilter.parse("vm.*, job*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"job*\"");
    }
}
