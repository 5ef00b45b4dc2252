package io.hostbridge.bridge.stream;

import io.hostbridge.api.stream.StreamHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Returns the handler a test registered under the call's {@code script} parameter (or fails as it says). */
final class DataService implements DataApi {
    private final Map<String, Supplier<StreamHandler>> scripts = new ConcurrentHashMap<>();

    void register(String name, Supplier<StreamHandler> verb) {
        scripts.put(name, verb);
    }

    private StreamHandler run(String script) {
        Supplier<StreamHandler> verb = scripts.get(script);
        if (verb == null) {
            throw new IllegalStateException("no script " + script);
        }
        return verb.get();
    }

    @Override
    public StreamHandler upload(String script) {
        return run(script);
    }

    @Override
    public StreamHandler download(String script) {
        return run(script);
    }

    @Override
    public StreamHandler console(String script) {
        return run(script);
    }
}
