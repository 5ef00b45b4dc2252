package io.hostbridge.jsonrpc;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON text to neutral values and back, as every transport of JSON-RPC (and the REST binding) reads it: strictly —
 * duplicate keys and trailing data are errors — and describing a bad text by where it is wrong, never by echoing it.
 */
public final class JsonText {
    /** The strict mapper; neutral values and the API's records always serialize with it. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonText() {
    }

    /** @throws JsonProcessingException when the text is not one JSON value */
    public static Object read(String text) throws JsonProcessingException {
        return MAPPER.readValue(text, Object.class);
    }

    /** @throws JsonProcessingException when the stream does not hold one JSON value */
    public static Object read(InputStream in) throws IOException {
        return MAPPER.readValue(in, Object.class);
    }

    /** Neutral values and the API's records always serialize; a failure is a bug, not an input problem. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** Where and why a text is not JSON, for the caller; never the text itself. */
    public static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? e.getOriginalMessage()
                : e.getOriginalMessage() + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
