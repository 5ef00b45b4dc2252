package io.hostbridge.shell;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** hbsh's command tree, made from the agent's schema: a command per namespace, a subcommand per verb. */
final class Commands {
    /** What a verb's command runs. */
    record Verb(String name) {
    }

    static final Object EVENTS = new Object();
    static final Object UPLOAD = new Object();
    static final Object DOWNLOAD = new Object();
    static final Object COMPLETION = new Object();

    private Commands() {
    }

    /**
     * The tree for a command line: when it names one verb ({@code VM create ...}), only that verb's branch is made
     * (a shell starts for every command; making all of them would cost more than the call), else every command.
     */
    static CommandLine build(JsonNode schema, java.util.List<String> words) {
        String only = words.size() >= 2 && schema.path("verbs").has(words.get(0) + "." + words.get(1))
                ? words.get(0) + "." + words.get(1) : null;
        return build(schema, only);
    }

    static CommandLine build(JsonNode schema) {
        return build(schema, (String) null);
    }

    private static CommandLine build(JsonNode schema, String only) {
        CommandSpec root = CommandSpec.create().name("hbsh");
        root.usageMessage().description("The hostbridge host shell: every verb of the agent as NAMESPACE VERB"
                + " [--PARAM VALUE]..., from the agent's schema (" + schema.path("api").asText() + " "
                + schema.path("version").asText() + ").")
                .footer("", "Connection options come first: --socket PATH (default /run/hostbridge/api.sock), or"
                        + " --url https://HOST:54321 --cert FILE --key FILE --ca FILE; -o json|yaml|table;"
                        + " --timeout SECONDS; --refresh (fetch the schema again).",
                        "Exit codes: 0 done, 1 the agent refused or failed the call, 2 usage, 3 agent not reached.");
        root.mixinStandardHelpOptions(true);
        CommandSpec help = CommandSpec.create().name("help");
        help.usageMessage().description("hbsh help [NAMESPACE [VERB]]: what a command does, its parameters, types and"
                + " errors.");
        root.addSubcommand("help", help);

        Map<String, CommandSpec> namespaces = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> verbs = schema.path("verbs").fields();
        while (verbs.hasNext()) {
            Map.Entry<String, JsonNode> entry = verbs.next();
            String name = entry.getKey();
            if (only != null && !only.equals(name)) {
                continue;
            }
            int dot = name.indexOf('.');
            CommandSpec namespace = namespaces.computeIfAbsent(name.substring(0, dot), ns -> {
                CommandSpec spec = CommandSpec.create().name(ns);
                spec.usageMessage().description("Verbs of the " + ns + " namespace.");
                spec.mixinStandardHelpOptions(true);
                return spec;
            });
            namespace.addSubcommand(name.substring(dot + 1), verb(name, entry.getValue(), schema));
        }
        namespaces.forEach(root::addSubcommand);

        CommandSpec events = CommandSpec.wrapWithoutInspection(EVENTS).name("events");
        events.usageMessage().description("Follows the agent's events, one line each, until Ctrl-C.");
        events.addOption(OptionSpec.builder("--topics").paramLabel("PATTERNS").type(String.class)
                .description("Comma-separated topic patterns ('*' one segment, '#' any); default all").build());
        events.addOption(OptionSpec.builder("--after").paramLabel("SEQ").type(String.class)
                .description("Start after this sequence number (replays what the agent still holds)").build());
        events.mixinStandardHelpOptions(true);
        root.addSubcommand("events", events);

        CommandSpec image = CommandSpec.create().name("image");
        image.usageMessage().description("Moves a volume's data through the agent's image data server (imageio's"
                + " protocol), sparse both ways.");
        image.addSubcommand("upload", transfer(UPLOAD, "upload", "Writes a raw image FILE into the volume; runs of"
                + " zeros travel as zero requests, and the rest of the volume reads zeros after."));
        image.addSubcommand("download", transfer(DOWNLOAD, "download", "Writes the volume's data into FILE, a raw"
                + " sparse file: only the extents that hold data are read."));
        image.mixinStandardHelpOptions(true);
        root.addSubcommand("image", image);

        CommandSpec completion = CommandSpec.wrapWithoutInspection(COMPLETION).name("completion");
        completion.usageMessage().description("Prints a bash completion script: source <(hbsh completion)");
        root.addSubcommand("completion", completion);
        // @FILE is a parameter's value read from a file (Values), not picocli's file of more arguments
        return new CommandLine(root).setExpandAtFiles(false);
    }

    private static CommandSpec transfer(Object what, String name, String description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(what).name(name);
        spec.usageMessage().description(description, "A progress bar shows on a terminal. Prints what moved (JSON when"
                + " piped).");
        spec.addPositional(CommandLine.Model.PositionalParamSpec.builder().paramLabel("FILE").type(String.class)
                .description("The raw image file").build());
        for (String[] option : new String[][] {{"--sd", "storagedomainID"}, {"--img", "imageID"},
                {"--vol", "volumeID"}}) {
            spec.addOption(OptionSpec.builder(option[0]).paramLabel("UUID").type(String.class).required(true)
                    .description("The volume's " + option[1]).build());
        }
        spec.mixinStandardHelpOptions(true);
        return spec;
    }

    private static CommandSpec verb(String name, JsonNode verb, JsonNode schema) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(new Verb(name)).name(name.substring(name.indexOf('.') + 1));
        List<String> description = new ArrayList<>();
        description.add(sentence(verb.path("description").asText()));
        description.add("Access: " + verb.path("access").asText() + ". Since " + verb.path("since").asText() + "."
                + (verb.path("deprecated").asBoolean() ? " Deprecated." : ""));
        description.add("Result: " + (verb.path("result").isNull() ? "none (prints true)"
                : Values.describe(verb.get("result"), schema.path("types"), false)));
        spec.usageMessage().description(description.toArray(String[]::new));
        List<String> errors = new ArrayList<>();
        for (JsonNode code : verb.path("errors")) {
            JsonNode error = schema.path("errors").path(code.asText());
            errors.add("  " + code.asText() + " " + error.path("name").asText() + ": " + error.path("message").asText());
        }
        if (!errors.isEmpty()) {
            errors.add(0, "");
            errors.add(1, "Errors of its own:");
            spec.usageMessage().footer(errors.toArray(String[]::new));
        }
        for (JsonNode param : verb.path("params")) {
            StringBuilder text = new StringBuilder(param.path("description").asText()).append(" (")
                    .append(Values.describe(param.get("type"), schema.path("types")));
            if (param.has("default")) {
                text.append("; default ").append(param.get("default"));
            }
            if (param.has("min") || param.has("max")) {
                text.append("; ").append(param.has("min") ? param.get("min").asText() : "").append("..")
                        .append(param.has("max") ? param.get("max").asText() : "");
            }
            text.append(')');
            spec.addOption(OptionSpec.builder("--" + param.path("name").asText())
                    .paramLabel(label(param.get("type"))).type(String.class)
                    .required(param.path("required").asBoolean())
                    .description(text.toString()).userObject(param).build());
        }
        spec.mixinStandardHelpOptions(true);
        return spec;
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static String label(JsonNode type) {
        if (type.isObject()) {
            return type.has("list") ? "LIST" : "JSON";
        }
        return switch (type.asText()) {
            case "int", "long", "float" -> "NUMBER";
            case "boolean" -> "true|false";
            case "uuid" -> "UUID";
            case "string" -> "TEXT";
            default -> Character.isUpperCase(type.asText().charAt(0)) ? type.asText() : "JSON";
        };
    }
}
