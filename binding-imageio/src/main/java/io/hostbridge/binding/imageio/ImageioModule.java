package io.hostbridge.binding.imageio;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.hostbridge.api.spi.HostTls;
import io.hostbridge.api.spi.Lifecycle;

/** The image data server (imageio protocol), a binding over the bridge's {@code ImageTransfers}. */
public final class ImageioModule extends AbstractModule {
    private final ImageioSettings settings;

    public ImageioModule(ImageioSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(ImageioSettings.class).toInstance(settings);
        bind(ImageServer.class);
        OptionalBinder.newOptionalBinder(binder(), HostTls.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(ImageServer.class);
    }
}
