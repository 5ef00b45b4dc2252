package io.hostbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.agent.config.AgentConfig;
import io.hostbridge.agent.config.ConfigLoader;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.VerbDef;
import io.hostbridge.core.InjectorTestModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/vdsm-compatibility.md: which of VDSM's verbs the agent has, made from the verb declarations and the list of
 * VDSM's verbs with what hostbridge makes of the others (src/test/resources/vdsm-api-verbs.tsv). The list must agree
 * with the declarations: a verb the agent serves is "here" there, and nothing else is. Regenerate the document with
 * {@code mvn -pl agent test -Dtest=VdsmCompatibilityTest -Dhostbridge.updateSchema=true}.
 */
class VdsmCompatibilityTest {
    private static final Path DOC = Path.of(System.getProperty("hostbridge.docs", "../docs"), "vdsm-compatibility.md");
    @TempDir
    static Path dir;
    private static ApiModel api;
    private static Map<String, String[]> vdsm;

    record Row(String verb, String status, String reason) {
    }

    @BeforeAll
    static void read() throws IOException {
        AgentConfig config = new ConfigLoader().load(null, Map.of(), Map.of("host.stateDir", dir.resolve("state").toString(),
                "host.runDir", dir.resolve("run").toString(), "rest.enabled", "false", "xmlrpc.enabled", "false",
                "amqp.enabled", "false", "imageio.enabled", "false"));
        api = InjectorTestModule.of(Modules.choose(config, "test").toArray(new com.google.inject.Module[0]))
                .get(ApiModel.class);
        vdsm = new LinkedHashMap<>();
        try (InputStream in = VdsmCompatibilityTest.class.getResourceAsStream("/vdsm-api-verbs.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.split("\t", -1);
                    vdsm.put(fields[0], fields);
                }
            }
        }
    }

    @Test
    void theListAgreesWithTheDeclarations() {
        assertThat(vdsm).hasSize(205);
        List<String> wrong = new ArrayList<>();
        vdsm.forEach((verb, fields) -> {
            boolean served = api.verb(verb).isPresent();
            if (served != fields[1].equals("here")) {
                wrong.add(verb + " is " + (served ? "served but listed as " + fields[1] : "listed as here but not served"));
            }
            if (!List.of("here", "planned", "out", "open").contains(fields[1])) {
                wrong.add(verb + ": unknown status " + fields[1]);
            }
        });
        assertThat(wrong).as("agent/src/test/resources/vdsm-api-verbs.tsv against the declarations").isEmpty();
    }

    @Test
    void theCommittedDocumentIsTheGeneratedOne() throws IOException {
        String generated = render();
        if (Boolean.getBoolean("hostbridge.updateSchema")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/vdsm-compatibility.md is out of date: regenerate it with"
                + " mvn -pl agent test -Dtest=VdsmCompatibilityTest -Dhostbridge.updateSchema=true").exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).isEqualTo(generated);
    }

    private static String render() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (String status : List.of("here", "planned", "out", "open")) {
            totals.put(status, 0);
        }
        vdsm.forEach((verb, fields) -> {
            String ns = verb.substring(0, verb.indexOf('.'));
            counts.computeIfAbsent(ns, n -> new LinkedHashMap<>(Map.of("here", 0, "planned", 0, "out", 0, "open", 0)))
                    .merge(fields[1], 1, Integer::sum);
            totals.merge(fields[1], 1, Integer::sum);
        });
        StringBuilder doc = new StringBuilder();
        doc.append("# VDSM compatibility\n\n")
                .append("Which of VDSM's JSON-RPC verbs hostbridge has, under VDSM's names and parameter names, through every\n")
                .append("binding (REST, JSON-RPC over HTTP, AMQP and STOMP, and XML-RPC where VDSM had a legacy name). Generated\n")
                .append("by `VdsmCompatibilityTest` from the verb declarations and the list of VDSM's verbs\n")
                .append("(`agent/src/test/resources/vdsm-api-verbs.tsv`, from `lib/vdsm/api/vdsm-api.yml`); the test fails when the two\n")
                .append("disagree. Statuses: **here** (served), **planned** (issue 16), **out** (not for one host with file storage),\n")
                .append("**open** (not decided).\n\n")
                .append("VDSM has ").append(vdsm.size()).append(" verbs; hostbridge has **").append(totals.get("here"))
                .append("** of them, ").append(totals.get("planned")).append(" are planned, ").append(totals.get("out"))
                .append(" are out and ").append(totals.get("open")).append(" open.\n\n")
                .append("| namespace | VDSM verbs | here | planned | out | open |\n|---|---|---|---|---|---|\n");
        counts.forEach((ns, c) -> doc.append("| ").append(ns).append(" | ")
                .append(c.values().stream().mapToInt(Integer::intValue).sum()).append(" | ").append(c.get("here"))
                .append(" | ").append(c.get("planned")).append(" | ").append(c.get("out")).append(" | ")
                .append(c.get("open")).append(" |\n"));
        doc.append("\n## Every VDSM verb\n\n| verb | status | notes |\n|---|---|---|\n");
        new TreeMap<>(vdsm).forEach((verb, fields) -> {
            String notes = fields.length > 2 ? fields[2] : "";
            if (fields[1].equals("here")) {
                VerbDef def = api.requireVerb(verb);
                notes = "since " + def.since() + (def.rest() == null ? ""
                        : "; REST `" + def.rest().httpMethod() + " /api/v1" + def.rest().path() + "`");
            }
            doc.append("| `").append(verb).append("` | ").append(fields[1]).append(" | ").append(notes).append(" |\n");
        });
        doc.append("\n## hostbridge's own verbs\n\nVerbs VDSM does not have:\n\n");
        api.verbs().keySet().stream().filter(v -> !vdsm.containsKey(v))
                .forEach(v -> doc.append("- `").append(v).append("`: ").append(api.requireVerb(v).description()).append('\n'));
        return doc.toString();
    }
}
