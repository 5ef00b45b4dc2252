package io.hostbridge.core;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.util.Types;
import java.util.Set;

/**
 * Builds an injector from modules for wiring tests, keeping Guice itself inside a {@code *Module} class
 * (DESIGN.md rule 6) so the tests read like the agent's own use: get an instance, get a contributed set.
 */
public final class InjectorTestModule {
    private final Injector injector;

    private InjectorTestModule(Injector injector) {
        this.injector = injector;
    }

    public static InjectorTestModule of(Module... modules) {
        return new InjectorTestModule(Guice.createInjector(modules));
    }

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    @SuppressWarnings("unchecked")
    public <T> Set<T> set(Class<T> element) {
        return (Set<T>) injector.getInstance(Key.get(Types.setOf(element)));
    }
}
