package io.hostbridge.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline for the REST throughput benchmark: a bare Grizzly server that answers
 * {@code POST /api/v1/rpc/Host.ping2} with the agent's bytes, so the difference to the agent is the
 * cost of the bridge and Jersey. Usage: {@code BareGrizzly PORT [WORKER_THREADS]}; prints {@code ready}.
 */
public final class BareGrizzly {
    private static final Logger LOG = LoggerFactory.getLogger(BareGrizzly.class);
    private static final String PATH = "/api/v1/rpc/Host.ping2";
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private BareGrizzly() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BareGrizzly PORT [WORKER_THREADS]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        // the agent's default http.workerThreads; a different pool would measure something else
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 32;

        HttpServer server = new HttpServer();
        NetworkListener listener = new NetworkListener("bare", "127.0.0.1", port);
        // configured like io.hostbridge.http.HttpListener, so both servers run handlers on the same pool
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("http-worker").setCorePoolSize(workers).setMaxPoolSize(workers));
        server.addListener(listener);
        server.getServerConfiguration().setSessionManager(null);
        server.getServerConfiguration().addHttpHandler(new Ping2(), "/");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stopped.countDown();
        }, "shutdown"));
        server.start();
        LOG.info("bare Grizzly on 127.0.0.1:{} with {} worker threads", port, workers);
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }

    /** Answers like the agent: 200, {@code application/json}, {@code true}, after reading the body. */
    private static final class Ping2 extends HttpHandler {
        @Override
        public void service(Request request, Response response) throws Exception {
            if (request.getMethod() != Method.POST || !PATH.equals(request.getRequestURI())) {
                response.sendError(HttpStatus.NOT_FOUND_404.getStatusCode());
                return;
            }
            // the agent parses the JSON body; the baseline at least consumes it
            try (InputStream in = request.getInputStream()) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // discard
                }
            }
            response.setStatus(HttpStatus.OK_200);
            response.setContentType("application/json");
            response.setContentLength(TRUE.length);
            OutputStream out = response.getOutputStream();
            out.write(TRUE);
        }
    }
}
