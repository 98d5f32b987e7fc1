package io.hookline.common.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Reads any JSON value as its compact JSON text, so it can be written back with {@code @JsonRawValue}.
 * Numbers keep the exact text they were written with: going through a tree would turn
 * {@code 0.1000000000000000000001} into {@code 0.1}, {@code 1.10} into {@code 1.1} and
 * {@code 1e400} into the string {@code "Infinity"}.
 *
 * <p>An object or array read from bytes that {@link Json#read(byte[], Class)} handed over as
 * the {@link #SOURCE} attribute is taken from those bytes: the parser skips over it (checking
 * it is well-formed, its strings valid UTF-8) and its text is the bytes as written, with the
 * whitespace outside strings left out. Strings keep their escapes as written ({@code \u0041}
 * stays so). That costs a fraction of copying it token by token through a generator, which
 * every other value, and a value from any other parser, still takes: the router reads every
 * event this way (docs/benchmarks.md).
 */
final class RawJsonDeserializer extends JsonDeserializer<String> {
    /** The attribute holding the bytes the parser reads, from their first byte. */
    static final String SOURCE = RawJsonDeserializer.class.getName() + ".source";
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token.isStructStart() && context.getAttribute(SOURCE) instanceof byte[] source) {
            boolean object = token == JsonToken.START_OBJECT;
            long start = parser.currentTokenLocation().getByteOffset();
            if (start >= 0 && start < source.length && source[(int) start] == (object ? '{' : '[')) {
                parser.skipChildren();
                long end = parser.currentLocation().getByteOffset();
                if (end <= start || end > source.length || source[(int) end - 1] != (object ? '}' : ']')) {
                    throw new IllegalStateException("the parser's byte offsets " + start + "-" + end
                            + " do not frame the value it skipped");
                }
                return compact(source, (int) start, (int) end);
            }
        }
        return copy(parser);
    }

    /** The JSON text of {@code bytes[start, end)} without the whitespace outside its strings. */
    private static String compact(byte[] bytes, int start, int end) {
        byte[] out = new byte[end - start];
        int length = 0;
        boolean inString = false;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (inString) {
                if (b == '\\') {
                    out[length++] = b;
                    b = bytes[++i]; // escaped: part of the string, whatever it is
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            out[length++] = b;
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }

    /** The value at the parser, copied token by token. */
    private static String copy(JsonParser parser) throws IOException {
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
