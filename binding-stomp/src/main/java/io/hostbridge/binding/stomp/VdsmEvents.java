package io.hostbridge.binding.stomp;

import io.hostbridge.api.host.HostApi;
import io.hostbridge.api.jobs.JobApi;
import io.hostbridge.api.transfer.HostTransferApi;
import io.hostbridge.api.vm.VmApi;
import io.hostbridge.bridge.EventEnvelopes;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one table from the bus's topics to the JSON-RPC notifications VDSM sends on {@code jms.queue.events}. A
 * notification's method is {@code |<component>|<operation>|<subject>}; its params hold the event's payload under
 * the subject, and {@code notify_time}. Closed: a topic that is not here is not sent on this wire (a test keeps
 * every topic the API declares in it).
 */
final class VdsmEvents {
    /** Subject of a notification about nothing in particular, as VDSM writes it. */
    static final String NO_ID = "no_id";

    /** Our topic → {@code |component|operation|}; the subject follows. */
    private static final Map<String, String> METHODS = Map.ofEntries(
            // VDSM's own names: what oVirt's engine subscribes to
            Map.entry(VmApi.STATUS.name(), "|virt|VM_status|"),
            Map.entry(VmApi.MIGRATION.name(), "|virt|VM_migration_status|"),
            Map.entry(JobApi.STATUS.name(), "|jobs|status|"),
            // hostbridge's own events, named the same way (VDSM has none of them; the engine ignores them)
            Map.entry(JobApi.PROGRESS.name(), "|jobs|progress|"),
            Map.entry(HostApi.STATS.name(), "|host|stats|"),
            Map.entry(HostTransferApi.STARTED.name(), "|transfer|started|"),
            Map.entry(HostTransferApi.PROGRESS.name(), "|transfer|progress|"),
            Map.entry(HostTransferApi.FINISHED.name(), "|transfer|finished|"),
            Map.entry(HostTransferApi.CANCELED.name(), "|transfer|canceled|"),
            Map.entry(HostTransferApi.EXPIRED.name(), "|transfer|expired|"));

    /** Events this subscriber did not get (it was too slow, or they left the replay window): the bus's gap notice. */
    static final String GAP = "|events|gap|" + NO_ID;

    private VdsmEvents() {
    }

    /** The bus topics that have a notification, as a subscription's topic patterns. */
    static String topics() {
        return String.join(",", METHODS.keySet());
    }

    /** Whether {@code topic} has a notification. */
    static boolean covers(String topic) {
        return METHODS.containsKey(topic);
    }

    /** The JSON-RPC notification for a delivery of the bus, or null when the table has none for its topic. */
    static Map<String, Object> notification(Delivery delivery) {
        if (delivery instanceof Delivery.Gap gap) {
            return notification(GAP, NO_ID, EventEnvelopes.gap(gap));
        }
        Event event = ((Delivery.Published) delivery).event();
        String method = METHODS.get(event.topic());
        return method == null ? null : notification(method + event.subject(), event.subject(), event.payload());
    }

    private static Map<String, Object> notification(String method, String subject, Object payload) {
        Map<String, Object> params = new LinkedHashMap<>(4);
        params.put(subject, payload);
        params.put("notify_time", notifyTime());
        Map<String, Object> notification = new LinkedHashMap<>(4);
        notification.put("jsonrpc", "2.0");
        notification.put("method", method);
        notification.put("params", params);
        return notification;
    }

    /**
     * VDSM's event time: the monotonic clock in milliseconds plus 2^31−1. On Linux, {@link System#nanoTime()} reads
     * the same CLOCK_MONOTONIC that VDSM's does.
     */
    static long notifyTime() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime()) + Integer.MAX_VALUE;
    }
}
