package io.hostbridge.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hostbridge.client.Event;
import io.hostbridge.client.HostbridgeClient;
import io.hostbridge.client.HostbridgeException;
import io.hostbridge.client.Subscription;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * hbsh, the host shell: {@code hbsh [connection options] NAMESPACE VERB [--PARAM VALUE]...}. Every verb of the agent is
 * a command, made at run time from the agent's schema (cached), so a verb added to the agent is there without a new
 * hbsh. Exit codes: 0 done, 1 the agent refused or failed the call, 2 a usage error, 3 the agent could not be reached.
 */
public final class Hbsh {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    Hbsh(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        int status = new Hbsh(System.out, System.err, System.console() != null).run(args);
        System.out.flush();
        System.exit(status);
    }

    int run(String[] args) {
        Globals globals;
        try {
            globals = Globals.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("hbsh: " + e.getMessage());
            return USAGE;
        }
        if (globals.version) {
            out.println("hbsh " + version());
            return OK;
        }
        try (HostbridgeClient client = globals.connect()) {
            SchemaCache cache = new SchemaCache(client, globals.target());
            JsonNode schema = cache.load(globals.refresh);
            if (!globals.refresh && !cache.knows(schema, globals.rest)) {
                schema = cache.load(true); // a verb the cached schema lacks: the agent may have it now
            }
            return execute(client, schema, globals);
        } catch (HostbridgeException e) {
            return failed(e);
        } catch (IllegalArgumentException e) {
            err.println("hbsh: " + e.getMessage());
            return USAGE;
        }
    }

    private int execute(HostbridgeClient client, JsonNode schema, Globals globals) {
        CommandLine commands = Commands.build(schema, globals.rest);
        if (!globals.rest.isEmpty() && globals.rest.get(0).equals("help")) {
            return help(commands, globals.rest.subList(1, globals.rest.size()));
        }
        ParseResult parsed;
        try {
            parsed = commands.parseArgs(globals.rest.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            err.println("hbsh: " + e.getMessage());
            err.println("Try 'hbsh help" + helpPath(e.getCommandLine()) + "'.");
            return USAGE;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return OK;
        }
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        Object what = leaf.commandSpec().userObject();
        if (what instanceof Commands.Verb verb) {
            return call(client, schema, verb, leaf, globals);
        }
        if (what == Commands.EVENTS) {
            return events(client, leaf, globals);
        }
        if (what == Commands.UPLOAD || what == Commands.DOWNLOAD) {
            return transfer(client, leaf, what == Commands.UPLOAD, globals);
        }
        if (what == Commands.COMPLETION) {
            out.print(AutoComplete.bash("hbsh", commands));
            return OK;
        }
        // hbsh alone, or a namespace without a verb: what there is to choose from
        leaf.commandSpec().commandLine().usage(err);
        return USAGE;
    }

    /** {@code hbsh help [NAMESPACE [VERB]]}: the usage of that command, with its parameters, types and errors. */
    private int help(CommandLine commands, List<String> path) {
        CommandLine command = commands;
        for (String name : path) {
            CommandLine next = command.getSubcommands().get(name);
            if (next == null) {
                err.println("hbsh: no command '" + String.join(" ", path) + "'; 'hbsh help" + helpPath(command)
                        + "' lists what there is");
                return USAGE;
            }
            command = next;
        }
        command.usage(out);
        return OK;
    }

    private static String helpPath(CommandLine command) {
        List<String> names = new ArrayList<>();
        for (CommandLine c = command; c != null && c.getParent() != null; c = c.getParent()) {
            names.add(0, c.getCommandName());
        }
        return names.isEmpty() ? "" : " " + String.join(" ", names);
    }

    private int call(HostbridgeClient client, JsonNode schema, Commands.Verb verb, ParseResult leaf, Globals globals) {
        ObjectNode params = Values.JSON.createObjectNode();
        for (OptionSpec option : leaf.matchedOptions()) {
            if (option.userObject() instanceof JsonNode param) {
                String word = leaf.matchedOptionValue(option.longestName(), null);
                try {
                    params.set(param.get("name").asText(), Values.parse(option.longestName(), param.get("type"),
                            schema.path("types"), word));
                } catch (Values.BadValue e) {
                    err.println("hbsh: " + e.getMessage());
                    return USAGE;
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> named = Values.JSON.convertValue(params, Map.class);
        Object result = client.call(verb.name(), named);
        try {
            JsonNode value = result == null ? Values.JSON.getNodeFactory().booleanNode(true) : Values.JSON.valueToTree(result);
            Output.of(globals.output, terminal).print(value, out);
        } catch (java.io.IOException e) {
            err.println("hbsh: cannot write the result: " + e.getMessage());
            return FAILED;
        }
        return OK;
    }

    /** {@code hbsh image upload|download FILE --sd --img --vol}: the data, with a progress bar on a terminal. */
    private int transfer(HostbridgeClient client, ParseResult leaf, boolean upload, Globals globals) {
        UUID sd;
        UUID image;
        UUID volume;
        Path path;
        try {
            if (leaf.matchedPositionals().isEmpty()) {
                throw new IllegalArgumentException("which FILE?");
            }
            path = Path.of(leaf.matchedPositionals().get(0).stringValues().get(0));
            sd = UUID.fromString(leaf.matchedOptionValue("--sd", ""));
            image = UUID.fromString(leaf.matchedOptionValue("--img", ""));
            volume = UUID.fromString(leaf.matchedOptionValue("--vol", ""));
        } catch (IllegalArgumentException e) {
            err.println("hbsh: image " + (upload ? "upload" : "download") + ": " + (e.getMessage() == null
                    ? "--sd, --img and --vol take UUIDs" : e.getMessage()));
            return USAGE;
        }
        if (upload && !Files.isReadable(path)) {
            err.println("hbsh: cannot read " + path);
            return USAGE;
        }
        try (Progress progress = Progress.of(terminal, upload ? "upload" : "download")) {
            HostbridgeClient.Transferred moved = upload ? client.upload(path, sd, image, volume, progress)
                    : client.download(sd, image, volume, path, progress);
            ObjectNode result = Values.JSON.createObjectNode().put("file", path.toString()).put("size", moved.size())
                    .put("dataBytes", moved.dataBytes()).put("zeroBytes", moved.zeroBytes());
            progress.close();
            Output.of(globals.output, terminal).print(result, out);
            return OK;
        } catch (java.io.IOException e) {
            err.println("hbsh: image " + (upload ? "upload" : "download") + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    /** Follows events until interrupted (Ctrl-C) or refused: one line each. */
    private int events(HostbridgeClient client, ParseResult leaf, Globals globals) {
        String topics = leaf.matchedOptionValue("--topics", "#");
        String after = leaf.matchedOptionValue("--after", null);
        Long afterSeq;
        try {
            afterSeq = after == null ? null : Long.valueOf(after);
        } catch (NumberFormatException e) {
            err.println("hbsh: --after takes a sequence number, not '" + after + "'");
            return USAGE;
        }
        boolean json = Output.of(globals.output, terminal) == Output.JSON;
        try (Subscription subscription = client.events(topics, afterSeq, event -> print(event, json))) {
            while (subscription.failure().isEmpty()) {
                Thread.sleep(200); // waiting for Ctrl-C; events arrive on the subscription's thread
            }
            return failed(subscription.failure().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OK;
        }
    }

    private synchronized void print(Event event, boolean json) {
        ObjectNode line = Values.JSON.createObjectNode().put("topic", event.topic()).put("seq", event.seq())
                .put("subject", event.subject()).put("time", event.time());
        line.set("payload", Values.JSON.valueToTree(event.payload(Object.class)));
        if (json) {
            out.println(line);
        } else {
            out.println(event.seq() + "  " + event.time() + "  " + event.topic() + "  "
                    + (event.subject() == null ? "" : event.subject() + "  ") + line.get("payload"));
        }
        out.flush();
    }

    private int failed(HostbridgeException e) {
        if (e.code() == 0) {
            err.println("hbsh: " + e.getMessage());
            return UNREACHABLE;
        }
        err.println("hbsh: error " + e.code() + e.error().map(c -> " (" + c.wireName() + ")").orElse("") + ": "
                + e.getMessage());
        return FAILED;
    }

    static String version() {
        try (java.io.InputStream in = Hbsh.class.getResourceAsStream("/hbsh-build.properties")) {
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (java.io.IOException | NullPointerException e) {
            return "unknown";
        }
    }

    /** The options before the command: how to reach the agent and how to show results. */
    static final class Globals {
        Path socket = HostbridgeClient.LOCAL_SOCKET;
        URI url;
        Path cert;
        Path key;
        Path ca;
        String output;
        Duration timeout = Duration.ofSeconds(60);
        Path imageioSocket;
        URI imageioUrl;
        boolean refresh;
        boolean version;
        List<String> rest = List.of();

        static Globals parse(String[] args) {
            Globals g = new Globals();
            Iterator<String> words = Arrays.asList(args).iterator();
            List<String> rest = new ArrayList<>();
            while (words.hasNext()) {
                String word = words.next();
                switch (word) {
                    case "--socket" -> g.socket = Path.of(value(word, words));
                    case "--url" -> g.url = URI.create(value(word, words));
                    case "--cert" -> g.cert = Path.of(value(word, words));
                    case "--key" -> g.key = Path.of(value(word, words));
                    case "--ca" -> g.ca = Path.of(value(word, words));
                    case "-o", "--output" -> g.output = output(value(word, words));
                    case "--timeout" -> g.timeout = Duration.ofSeconds(seconds(value(word, words)));
                    case "--imageio-socket" -> g.imageioSocket = Path.of(value(word, words));
                    case "--imageio-url" -> g.imageioUrl = URI.create(value(word, words));
                    case "--refresh" -> g.refresh = true;
                    case "--version" -> g.version = true;
                    default -> {
                        rest.add(word);
                        words.forEachRemaining(rest::add);
                    }
                }
            }
            if (g.url != null && (g.cert == null || g.key == null || g.ca == null)) {
                throw new IllegalArgumentException("--url needs --cert, --key and --ca (a client certificate of the"
                        + " agent's CA: hostbridge cert issue)");
            }
            g.rest = rest;
            return g;
        }

        private static String value(String option, Iterator<String> words) {
            if (!words.hasNext()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return words.next();
        }

        private static String output(String name) {
            if (!List.of("json", "yaml", "table").contains(name)) {
                throw new IllegalArgumentException("--output is json, yaml or table, not '" + name + "'");
            }
            return name;
        }

        private static long seconds(String text) {
            try {
                long seconds = Long.parseLong(text);
                if (seconds > 0) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new IllegalArgumentException("--timeout takes seconds, not '" + text + "'");
        }

        HostbridgeClient connect() {
            HostbridgeClient.Builder builder = HostbridgeClient.builder().timeout(timeout);
            if (imageioSocket != null) {
                builder.imageioSocket(imageioSocket);
            }
            if (imageioUrl != null) {
                builder.imageioUrl(imageioUrl);
            }
            return (url == null ? builder.unixSocket(socket) : builder.https(url, ca, cert, key)).build();
        }

        /** What the schema cache is keyed by. */
        String target() {
            return url == null ? "unix:" + socket.toAbsolutePath() : url.toString();
        }
    }
}
