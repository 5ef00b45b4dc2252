package io.hostbridge.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as published on the bus.
 *
 * @param topic   dotted topic, e.g. {@code vm.status}
 * @param subject id of what the event is about (a VM id, a job id, the host id)
 * @param hostId  id of the host that published it
 * @param seq     per-host sequence number, strictly increasing in publication order
 * @param time    when it was published
 * @param payload a neutral value: {@code Map<String,?>}, {@code List<?>}, String, Number, Boolean or null
 */
public record Event(String topic, String subject, String hostId, long seq, Instant time, Object payload) {
    public Event {
        Topics.requireValidTopic(topic);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(time, "time");
    }
}
