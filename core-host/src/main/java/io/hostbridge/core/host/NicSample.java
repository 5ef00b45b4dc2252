package io.hostbridge.core.host;

/** Counters and link state of one interface at one instant. */
record NicSample(String name, long rxBytes, long txBytes, long rxErrors, long txErrors, long rxDropped, long txDropped,
                 long speed, String state) {
}
