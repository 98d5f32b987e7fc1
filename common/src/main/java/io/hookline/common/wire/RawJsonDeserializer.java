package io.hookline.common.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Reads any JSON value as its compact JSON text, so it can be written back with {@code @JsonRawValue}.
 * Numbers keep the exact text they were written with: going through a tree would turn
 * {@code 0.1000000000000000000001} into {@code 0.1}, {@code 1.10} into {@code 1.1} and
 * {@code 1e400} into the string {@code "Infinity"}.
 */
final class RawJsonDeserializer extends JsonDeserializer<String> {
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            int depth = 0;
            JsonToken token = parser.currentToken();
            do {
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    out.writeNumber(parser.getText());
                } else {
                    out.copyCurrentEvent(parser);
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            } while (depth > 0 && (token = parser.nextToken()) != null);
        }
        return text.toString();
    }

    @Override
    public String getNullValue(DeserializationContext context) {
        return null;
    }
}
