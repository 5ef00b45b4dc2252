package io.hostbridge.bench;

import io.hostbridge.agent.Agent;
import io.hostbridge.agent.Modules;
import io.hostbridge.agent.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The agent for bench/imageio.sh: configured from HOSTBRIDGE_* like bin/hostbridge (its storage domains and volumes
 * are made through its API by the script). Prints {@code ready rest=PORT tcp=PORT unix=PATH}, the ports it bound
 * (port 0 in the configuration), and runs until killed.
 */
public final class ImageioBenchAgent {
    private ImageioBenchAgent() {
    }

    public static void main(String[] args) throws Exception {
        Agent agent = Agent.start(Modules.choose(new ConfigLoader().load(null, System.getenv(), Map.of()), "bench"));
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
        var server = agent.imageServer().orElseThrow();
        System.out.println("ready rest=" + agent.httpAddress().orElseThrow().getPort() + " tcp="
                + server.tcpAddress().getPort() + " unix=" + server.unixSocket().map(Path::toString).orElse("-"));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
