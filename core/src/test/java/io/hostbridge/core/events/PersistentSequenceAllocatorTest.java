package io.hostbridge.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.events.Delivery;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.Replay;
import io.hostbridge.events.SequenceAllocator;
import io.hostbridge.events.SequenceAllocatorContract;
import io.hostbridge.events.TopicFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentSequenceAllocatorTest implements SequenceAllocatorContract {
    /** Small, so that the contract's runs cross many reservations. */
    private static final long BLOCK = 7;

    @TempDir
    Path stateDir;

    @Override
    public SequenceAllocator newAllocator() {
        return new PersistentSequenceAllocator(stateDir, BLOCK);
    }

    /** As a restart finds it after an earlier run reserved up to {@code startingPoint}. */
    @Override
    public SequenceAllocator newAllocatorAfter(long startingPoint) {
        try {
            Files.writeString(stateDir.resolve(PersistentSequenceAllocator.FILE_NAME), startingPoint + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PersistentSequenceAllocator(stateDir, BLOCK);
    }

    @Test
    void numbersKeepIncreasingAcrossRestarts() {
        List<Long> numbers = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            PersistentSequenceAllocator allocator = new PersistentSequenceAllocator(stateDir);
            if (!numbers.isEmpty()) {
                assertThat(allocator.last()).isGreaterThanOrEqualTo(numbers.get(numbers.size() - 1));
            }
            for (int i = 0; i < 3; i++) {
                numbers.add(allocator.next());
            }
        }
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
        assertThat(numbers.get(0)).isEqualTo(1);
    }

    @Test
    void theFileIsWrittenOnlyWhenABlockIsUsedUp() throws Exception {
        PersistentSequenceAllocator allocator = new PersistentSequenceAllocator(stateDir, 5);
        Path file = stateDir.resolve(PersistentSequenceAllocator.FILE_NAME);
        assertThat(file).doesNotExist();

        allocator.next();
        assertThat(Files.readString(file).strip()).isEqualTo("5");
        for (int i = 0; i < 4; i++) {
            allocator.next();
        }
        assertThat(Files.readString(file).strip()).isEqualTo("5");
        assertThat(allocator.next()).isEqualTo(6);
        assertThat(Files.readString(file).strip()).isEqualTo("10");
        assertThat(stateDir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void aRestartSkipsTheUnusedRestOfTheBlockRatherThanRepeating() {
        PersistentSequenceAllocator crashed = new PersistentSequenceAllocator(stateDir, 100);
        crashed.next();
        crashed.next();

        PersistentSequenceAllocator restarted = new PersistentSequenceAllocator(stateDir, 100);

        assertThat(restarted.last()).isEqualTo(100);
        assertThat(restarted.next()).isEqualTo(101);
    }

    @Test
    void aCorruptFileIsAClearErrorNamingIt() throws Exception {
        Path file = stateDir.resolve(PersistentSequenceAllocator.FILE_NAME);
        Files.writeString(file, "12x\n");

        assertThatThrownBy(() -> new PersistentSequenceAllocator(stateDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("12x");
        Files.writeString(file, "-5");
        assertThatThrownBy(() -> new PersistentSequenceAllocator(stateDir)).hasMessageContaining(file.toString());
    }

    @Test
    void aBusAfterARestartContinuesTheNumberingAndTellsOldPollersTheyMissedEvents() {
        EventBus before = newBus();
        before.publish("vm.status", "vm-1", null);
        long oldPoint = before.publish("vm.status", "vm-1", null).seq();

        EventBus after = newBus();
        long next = after.publish("vm.status", "vm-1", null).seq();
        Replay replay = after.replay(TopicFilter.all(), oldPoint, 10);

        assertThat(next).isGreaterThan(oldPoint);
        assertThat(replay.events()).extracting(e -> e.seq()).containsExactly(next);
        assertThat(replay.gap()).hasValueSatisfying(gap -> {
            assertThat(gap.reason()).isEqualTo(Delivery.Reason.EXPIRED);
            assertThat(gap.fromSeq()).isEqualTo(oldPoint + 1);
            assertThat(gap.toSeq()).isEqualTo(next - 1);
        });
    }

    private EventBus newBus() {
        return new InMemoryEventBus("host-a", EventBusSettings.defaults(), new PersistentSequenceAllocator(stateDir),
                Clock.systemUTC());
    }
}
