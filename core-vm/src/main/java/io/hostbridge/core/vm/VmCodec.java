package io.hostbridge.core.vm;

import io.hostbridge.api.ApiCatalog;
import io.hostbridge.api.vm.VmApi;
import io.hostbridge.bridge.ValueCodec;
import io.hostbridge.bridge.model.ApiModel;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The VM namespace's types as neutral values, encoded and decoded by the bridge's rules: for VM records on disk
 * and calls to another agent. Read from the VM namespace's own declaration, not from the served API (which is
 * made of the implementations, this part's among them).
 */
@Singleton
final class VmCodec {
    private final ValueCodec codec = new ValueCodec(ApiModel.read(ApiCatalog.VERSION, List.of(VmApi.class)));

    ValueCodec codec() {
        return codec;
    }
}
