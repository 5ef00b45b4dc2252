package io.hostbridge.binding.rest;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.Metrics;
import io.hostbridge.http.HttpRoute;
import io.hostbridge.http.WebSocketEndpoint;
import java.util.Set;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.media.sse.SseFeature;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The REST binding: mounts the Jersey application at {@code /api/v1} on the shared HTTP listener, and the streams
 * WebSocket at {@code /api/v1/streams/}.
 */
public final class RestModule extends AbstractModule {
    /** Where the REST API lives on the shared listener. */
    public static final String CONTEXT_PATH = "/api/v1";

    private final RestSettings settings;

    public RestModule(RestSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(RestSettings.class).toInstance(settings);
        bind(EventStreams.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(EventStreams.class);
        // streams for HTTP callers: a WebSocket at /api/v1/streams/{streamId}
        Multibinder.newSetBinder(binder(), WebSocketEndpoint.class).addBinding().to(StreamSockets.class);
    }

    @ProvidesIntoSet
    @Singleton
    HttpRoute restRoute(Bridge bridge, Metrics metrics, EventStreams streams) {
        ResourceConfig config = new ResourceConfig()
                .register(ApiResource.class)
                .registerResources(java.util.Set.copyOf(VerbResources.of(bridge, settings)))
                .register(EventsResource.class)
                .register(SseFeature.class)
                .register(JsonWriter.class)
                .register(ExceptionMappers.Bridge.class)
                .register(ExceptionMappers.Web.class)
                .register(ExceptionMappers.Unexpected.class)
                // stateless singletons, no classpath scanning: less work per request and at start
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true)
                .property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true)
                .property(ServerProperties.BV_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(bridge).to(Bridge.class);
                        bind(metrics).to(Metrics.class);
                        bind(streams).to(EventStreams.class);
                    }
                });
        // the generic call routes in front of Jersey, which serves the rest
        return new HttpRoute("rest", CONTEXT_PATH, new CallRoutes(
                ContainerFactory.createContainer(GrizzlyHttpContainer.class, config), bridge, settings),
                Set.of("application/json"), new RestBusy());
    }
}
