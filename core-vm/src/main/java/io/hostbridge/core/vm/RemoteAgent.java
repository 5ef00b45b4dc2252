package io.hostbridge.core.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.spi.HostTls;
import io.hostbridge.api.spi.PeerAgents;
import io.hostbridge.api.vm.MigrationTarget;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.bridge.ValueCodec;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another host's agent, called over its REST API ({@code POST /api/v1/rpc/{verb}}) during a migration: over mutual TLS
 * with the host certificate (the destination must trust this host's CA and name itself as {@code dst} says), or in
 * plain HTTP only where this agent's own listener is plain ({@link PeerAgents}).
 */
@Singleton
final class RemoteAgent {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final PeerAgents peers;
    private final ValueCodec codec;

    @Inject
    RemoteAgent(VmCodec codec, Optional<PeerAgents> peers, Optional<HostTls> tls) {
        this.codec = codec.codec();
        this.peers = peers.orElseGet(() -> tls.<PeerAgents>map(TlsPeers::new).orElseGet(PlainPeers::new));
    }

    /** Asks the agent at {@code hostPort} to expect the VM; returns where to migrate it. */
    MigrationTarget migrationCreate(String hostPort, UUID vmId, VmParams params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vmID", vmId.toString());
        body.put("vmParams", codec.encode(params));
        JsonNode result = call(hostPort, "VM.migrationCreate", body);
        return new MigrationTarget(vmId, result.path("libvirtUri").asText(), result.path("domainType").asText());
    }

    /** Tells the agent at {@code hostPort} to forget the VM it expected (the migration failed). */
    void destroy(String hostPort, UUID vmId) {
        call(hostPort, "VM.destroy", Map.of("vmID", vmId.toString()));
    }

    private JsonNode call(String hostPort, String verb, Map<String, Object> params) {
        try {
            HttpRequest request = HttpRequest.newBuilder(peers.uri(hostPort, "/api/v1/rpc/" + verb))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(params))).build();
            HttpResponse<String> response = peers.client().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode reply = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                // its words are its own, not vouched for by this agent: they go to the log, its code to the caller
                int code = reply.path("code").asInt(response.statusCode());
                LOG.warn("the destination agent at {} refused {} (code {}): {}", hostPort, verb, code,
                        reply.path("detail").asText("HTTP " + response.statusCode()));
                throw BridgeException.of(ErrorCode.MIGRATE_ERR, "the destination agent at " + hostPort + " refused "
                        + verb + " (code " + code + "); its reason is in this agent's log");
            }
            return reply;
        } catch (IOException e) {
            throw BridgeException.failure(ErrorCode.MIGRATE_ERR, "cannot reach the destination agent at " + hostPort,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BridgeException.of(ErrorCode.MIGRATE_ERR, "interrupted while calling the destination agent");
        }
    }

    /** Without an HTTP listener of its own: TLS when the host has its PKI. */
    private record TlsPeers(HttpClient client) implements PeerAgents {
        TlsPeers(HostTls tls) {
            this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).sslContext(tls.client()).build());
        }

        @Override
        public URI uri(String hostPort, String path) {
            return URI.create("https://" + hostPort + path);
        }
    }

    /** Without an HTTP listener or a PKI (tests of this module): plain HTTP. */
    private record PlainPeers(HttpClient client) implements PeerAgents {
        PlainPeers() {
            this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
        }

        @Override
        public URI uri(String hostPort, String path) {
            return URI.create("http://" + hostPort + path);
        }
    }
}
