package io.hostbridge.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How results are shown: JSON for programs (the default when the output is not a terminal), YAML for people (the
 * default on a terminal), or a table of a list of objects (a list of objects is a table by default on a terminal).
 */
enum Output {
    JSON, YAML, TABLE;

    private static final YAMLMapper YAML_MAPPER = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final int WIDEST = 48;

    static Output of(String name, boolean terminal) {
        if (name == null) {
            return terminal ? YAML : JSON;
        }
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    void print(JsonNode value, PrintStream out) throws IOException {
        Output how = this == YAML && isTable(value) ? TABLE : this;
        switch (how) {
            case JSON:
                out.println(Values.JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
                break;
            case TABLE:
                if (isTable(value)) {
                    table(value, out);
                    break;
                }
                // not a list of objects: YAML says it better
                out.print(YAML_MAPPER.writeValueAsString(value));
                break;
            default:
                out.print(YAML_MAPPER.writeValueAsString(value));
        }
    }

    private static boolean isTable(JsonNode value) {
        if (!value.isArray() || value.isEmpty()) {
            return false;
        }
        for (JsonNode row : value) {
            if (!row.isObject()) {
                return false;
            }
        }
        return true;
    }

    /** One row per object; a column per key whose values are scalars (first seen first). */
    private static void table(JsonNode rows, PrintStream out) {
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            Iterator<String> names = row.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (row.get(name).isValueNode()) {
                    columns.add(name);
                }
            }
        }
        List<String> header = new ArrayList<>(columns);
        int[] widths = new int[header.size()];
        List<String[]> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            String[] line = new String[header.size()];
            for (int i = 0; i < line.length; i++) {
                JsonNode cell = row.get(header.get(i));
                String text = cell == null || cell.isNull() ? "" : cell.asText();
                line[i] = text.length() > WIDEST ? text.substring(0, WIDEST - 1) + "…" : text;
            }
            cells.add(line);
        }
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (String[] line : cells) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        out.println(row(header.stream().map(h -> h.toUpperCase(Locale.ROOT)).toArray(String[]::new), widths));
        cells.forEach(line -> out.println(row(line, widths)));
    }

    private static String row(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : "  ").append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cells[i].length()));
            }
        }
        return line.toString();
    }
}
