package io.hostbridge.bridge;

import io.hostbridge.api.spi.Implementation;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.InMemorySequenceAllocator;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * A real bridge over the sample namespace, which has every kind of parameter: for the tests of this module
 * and of the bindings (through the test-jar), so protocol tests need neither core nor mocks.
 */
public final class SampleBridge {
    private SampleBridge() {
    }

    public static Bridge create() {
        ApiModel model = ApiModel.read("0.1.0", List.of(SampleApi.class));
        return Bridge.builder().model(model).implementation(Implementation.of(SampleApi.class, new SampleService()))
                .events(new InMemoryEventBus(UUID.randomUUID().toString(), EventBusSettings.defaults(),
                        new InMemorySequenceAllocator(), Clock.systemUTC())).build();
    }
}
