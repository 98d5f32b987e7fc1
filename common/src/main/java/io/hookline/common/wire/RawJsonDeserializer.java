package io.hookline.common.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reads any JSON value as its compact JSON text, so it can be written back with {@code @JsonRawValue}. */
final class RawJsonDeserializer extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode node = parser.readValueAsTree();
        return node == null || node.isNull() ? null : node.toString();
    }

    @Override
    public String getNullValue(DeserializationContext context) {
        return null;
    }
}
