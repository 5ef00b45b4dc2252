package io.hostbridge.binding.rest;

import io.hostbridge.jsonrpc.JsonText;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;

/** Writes neutral values (maps, lists, scalars) as JSON, for application/json and problem+json. */
@Provider
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
final class JsonWriter implements MessageBodyWriter<Object> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)
                || Boolean.class == type || Number.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        JsonText.MAPPER.writeValue(out, value);
    }
}
