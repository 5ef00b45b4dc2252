package io.hostbridge.bridge;

import io.hostbridge.api.AccessLevel;

/**
 * One call on its way through the pipeline, as the {@link CallStage}s see it: what was asked, through what, and
 * who asks (once the identity and flow-id stages have said).
 */
public final class Call {
    /** Metric name of every operation that is not declared (an unknown verb), so callers cannot add series. */
    public static final String UNDECLARED = "unknown";

    private final Transport transport;
    private final String operation;
    private final String metricName;
    private final AccessLevel required;
    private final long startNanos;
    private Caller caller;
    private String flowId;
    private CallContext context;

    /**
     * @param operation  what is called, printable (a verb's name, or e.g. {@code events.subscribe})
     * @param metricName the operation as a metric label: a declared name, or {@link #UNDECLARED}
     * @param required   the access level the operation needs; null when the operation authorizes itself (an
     *                   image data request carries its ticket)
     */
    public Call(Transport transport, String operation, String metricName, AccessLevel required, long startNanos) {
        this.transport = transport;
        this.operation = operation;
        this.metricName = metricName;
        this.required = required;
        this.startNanos = startNanos;
    }

    public Transport transport() {
        return transport;
    }

    public String operation() {
        return operation;
    }

    public String metricName() {
        return metricName;
    }

    /** Null when the operation authorizes itself. */
    public AccessLevel required() {
        return required;
    }

    /** {@link System#nanoTime()} when the call entered the pipeline. */
    public long startNanos() {
        return startNanos;
    }

    /** Set by the identity stage. */
    public void identify(Caller who) {
        caller = who;
        context = null;
    }

    /** Set by the flow-id stage. */
    public void flowId(String id) {
        flowId = id;
        context = null;
    }

    /** The caller, or null before the identity stage. */
    public Caller caller() {
        return caller;
    }

    /** The flow id, or null before the flow-id stage. */
    public String flowId() {
        return flowId;
    }

    /** The context the call runs with; only after the identity and flow-id stages. */
    public CallContext context() {
        if (context == null) {
            if (caller == null || flowId == null) {
                throw new IllegalStateException("the call has not passed the identity and flow-id stages");
            }
            context = new CallContext(caller.principal(), caller.access(), transport.binding(), transport.remote(),
                    flowId);
        }
        return context;
    }
}
