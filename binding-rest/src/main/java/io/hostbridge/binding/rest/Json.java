package io.hostbridge.binding.rest;

import io.hostbridge.jsonrpc.JsonText;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.http.BoundedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Map;

/** A REST request body: a JSON object of named parameters, read strictly and within the size cap. */
final class Json {

    private Json() {
    }

    /** Reads a JSON object body (an empty body is an empty object) as named parameters. */
    static Map<String, Object> readParams(InputStream body, long maxBytes) {
        try (PushbackInputStream in = new PushbackInputStream(new BoundedInputStream(body, maxBytes))) {
            int first = in.read();
            if (first < 0) {
                return Map.of();
            }
            in.unread(first);
            Object value = JsonText.read(in);
            if (!(value instanceof Map<?, ?> map)) {
                throw BridgeException.of(ErrorCode.MALFORMED_REQUEST,
                        "Request body must be a JSON object of named parameters, got " + kind(value));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) map;
            return params;
        } catch (BoundedInputStream.TooLargeException e) {
            throw BridgeException.of(ErrorCode.REQUEST_TOO_LARGE, e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw BridgeException.of(ErrorCode.MALFORMED_REQUEST, "Malformed JSON: " + JsonText.describe(e));
        } catch (IOException e) {
            throw BridgeException.of(ErrorCode.MALFORMED_REQUEST, "Could not read the request body");
        }
    }

    private static String kind(Object value) {
        return value == null ? "null" : value instanceof java.util.List ? "an array" : "a " + value.getClass().getSimpleName();
    }
}
