package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One event of the agent's bus, in the envelope every binding uses: its topic ({@code gap} when events were lost),
 * the subject it is about, the publishing host, its sequence number, time, and payload (typed by
 * {@link #payload(Class)} with the topic's payload type, e.g. {@code VmStatusEvent} for {@code vm.status}).
 */
public final class Event {
    private final String topic;
    private final String subject;
    private final String hostId;
    private final long seq;
    private final String time;
    private final JsonNode payload;

    private Event(String topic, String subject, String hostId, long seq, String time, JsonNode payload) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.subject = subject;
        this.hostId = hostId;
        this.seq = seq;
        this.time = time;
        this.payload = payload;
    }

    static Event of(JsonNode envelope) {
        return new Event(envelope.path("topic").asText(), envelope.hasNonNull("subject")
                ? envelope.get("subject").asText() : null, envelope.path("hostId").asText(),
                envelope.path("seq").asLong(), envelope.path("time").asText(), envelope.get("payload"));
    }

    public String topic() {
        return topic;
    }

    /** Id of what the event is about (a VM, a job, the host), or null. */
    public String subject() {
        return subject;
    }

    public String hostId() {
        return hostId;
    }

    public long seq() {
        return seq;
    }

    /** ISO-8601 UTC time of publication. */
    public String time() {
        return time;
    }

    /** The payload as a contract type (a record of the topic's payload type), or as plain maps with Object. */
    public <T> T payload(Class<T> type) {
        return type.cast(Codec.decode(payload, type));
    }

    @Override
    public String toString() {
        return topic + "#" + seq;
    }
}
