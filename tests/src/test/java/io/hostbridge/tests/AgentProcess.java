package io.hostbridge.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's main class as a separate process on this test's classpath (for tests that kill it), with its state and
 * run directories under {@code dir}, port 0, no AMQP, its log in {@code dir/<name>.log}.
 */
record AgentProcess(Process process, URI base) {
    private static final Pattern REST = Pattern.compile("REST +http://127\\.0\\.0\\.1:(\\d+)/api/v1");

    /** Starts the agent with {@code env} added (HOSTBRIDGE_… variables) and waits for its REST endpoint. */
    static AgentProcess start(Path dir, String name, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.hostbridge.agent.Main");
        pb.environment().put("HOSTBRIDGE_HTTP_PORT", "0");
        pb.environment().put("HOSTBRIDGE_HTTP_INSECURE", "true");
        pb.environment().put("HOSTBRIDGE_AMQP_ENABLED", "false");
        pb.environment().put("HOSTBRIDGE_HOST_STATE_DIR", dir.resolve("state").toString());
        pb.environment().put("HOSTBRIDGE_HOST_RUN_DIR", dir.resolve("run").toString());
        pb.environment().putAll(env);
        Path log = dir.resolve(name + ".log");
        Process p = pb.redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = REST.matcher(line);
            if (m.find()) {
                return new AgentProcess(p, URI.create("http://127.0.0.1:" + m.group(1)));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the agent did not start: " + Files.readString(log));
    }

    /** A REST call with a JSON body; the reply's JSON (a result, or a problem with {@code code}). */
    JsonNode call(String verb, String json) throws Exception {
        return Http.post(base.resolve("/api/v1/rpc/" + verb), json).json();
    }
}
