package io.hostbridge.api.spi;

import io.hostbridge.api.BridgeException;

/**
 * Lets a part of the core refuse calls for a while, before they run — e.g. while VMs are being recovered after
 * a restart, when VDSM answers every call with code 99. Contributed to a set; the bridge consults every gate
 * after the access check and before validating parameters, for every verb not declared
 * {@code servedDuringRecovery}. Subscribing to events is never gated.
 */
public interface CallGate {

    /**
     * Called for every call; throws to refuse it.
     *
     * @param verb the verb's full name, e.g. {@code VM.create}
     * @throws BridgeException the error the caller gets (e.g. code 99 recovery)
     */
    void check(String verb);
}
