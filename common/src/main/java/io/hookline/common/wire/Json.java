package io.hookline.common.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hookline.common.HooklineException;
import io.hookline.common.signing.SealedSecret;
import io.hookline.common.signing.WebhookSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The one JSON mapping of Hookline's wire types. Unknown fields are ignored so that records
 * written by newer versions still read; times are ISO-8601 instants.
 */
public final class Json {
    /** A quoted piece of input in a Jackson message; its own 'null', 'true' and 'false' stay. */
    private static final Pattern QUOTED = Pattern.compile("'(?!(?:null|true|false)')[^']*'");
    private static final Pattern SECRET = Pattern.compile(WebhookSecret.PREFIX + "[A-Za-z0-9+/=]+");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("hookline")
                    .addSerializer(WebhookSecret.class, new SecretSerializer())
                    .addSerializer(SealedSecret.class, new SealedSecretSerializer())
                    .addSerializer(Instant.class, new UtcInstantSerializer())
                    .addDeserializer(WebhookSecret.class, new SecretDeserializer())
                    .addDeserializer(Instant.class, new UtcInstantDeserializer()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    /**
     * One reader per type, its root deserializer found once: {@code MAPPER.readValue} looks the
     * type and its deserializer up again on every call, which the dispatcher's profile showed on
     * its poll thread (one read per delivery).
     */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };

    private Json() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Indented, for people reading CLI output. */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads one record, or throws {@link InvalidRecordException} with a one-line reason
     * (bad JSON, or which field broke the contract).
     */
    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            ObjectReader reader = READERS.get(type);
            if (type == Event.class) {
                // its data is taken from these bytes, not copied token by token (RawJsonDeserializer)
                reader = reader.withAttribute(RawJsonDeserializer.SOURCE, bytes);
            }
            T value = reader.readValue(bytes);
            if (value == null) {
                throw new InvalidRecordException("expected a JSON object, got null");
            }
            return value;
        } catch (ValueInstantiationException e) {
            throw new InvalidRecordException(rootMessage(e), e);
        } catch (MismatchedInputException e) {
            // Jackson quotes the offending input, and a wrong-typed field may hold a credential
            // ("enabled": "Bearer …"): say where and what was expected, never the value. The cause
            // is left out for the same reason.
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": " + fieldPath(e)
                    + mismatch(e), null);
        } catch (IOException e) {
            String original = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            // Parse errors quote the offending input ("Unrecognized token 'sk_live_…'"), which may
            // be a credential: blank every quoted token, and leave out the cause, whose message
            // still holds it.
            String reason = QUOTED.matcher(firstLine(fieldPath(e) + (original == null ? "unreadable" : original)))
                    .replaceAll("'…'");
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": " + reason, null);
        }
    }

    public static <T> T read(String text, Class<T> type) {
        return read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    /** Throws {@link InvalidRecordException} unless {@code text} is one well-formed JSON value. */
    public static String requireJson(String text, String what) {
        try {
            MAPPER.readTree(text);
            return text;
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(what + " is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    /**
     * What was expected and what kind of JSON came instead, from Jackson's message but without
     * the value it quotes.
     */
    private static String mismatch(MismatchedInputException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Cannot map `null`")) {
            return "is required";
        }
        if (message.startsWith("No content to map")) {
            return "no content (empty input)";
        }
        return "expected " + describe(e.getTargetType()) + ", got " + found(message);
    }

    private static String describe(Class<?> target) {
        if (target == null) {
            return "another value";
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray() && target != byte[].class) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(target)) {
            return "an object";
        }
        if (target == String.class || target == byte[].class) {
            return "a string";
        }
        if (target == Instant.class) {
            return "an ISO-8601 instant like 2026-11-27T10:15:30Z";
        }
        if (target.isPrimitive() || Number.class.isAssignableFrom(target) || target == Boolean.class) {
            return "a value of type " + target.getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }
        return "an object (" + target.getSimpleName() + ")";
    }

    private static String found(String message) {
        if (message.contains("from String") || message.contains("VALUE_STRING")) {
            return "a string";
        }
        if (message.contains("from Array") || message.contains("START_ARRAY")) {
            return "a list";
        }
        if (message.contains("from Object") || message.contains("START_OBJECT")) {
            return "an object";
        }
        if (message.contains("from Integer") || message.contains("from Floating-point")
                || message.contains("VALUE_NUMBER")) {
            return "a number";
        }
        if (message.contains("from Boolean") || message.contains("VALUE_TRUE") || message.contains("VALUE_FALSE")) {
            return "a boolean";
        }
        return "a value of another kind";
    }

    /** {@code "attempt: "} or {@code "eventTypes[1]: "} when Jackson knows where it failed, else empty. */
    private static String fieldPath(IOException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() > 0 ? "." : "").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() > 0 ? path + ": " : "";
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof HooklineException)) {
            cause = cause.getCause();
        }
        return firstLine(cause.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return SECRET.matcher(line).replaceAll(WebhookSecret.PREFIX + "(redacted)");
    }

    private static final class SecretSerializer extends JsonSerializer<WebhookSecret> {
        @Override
        public void serialize(WebhookSecret secret, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(secret.encoded());
        }
    }

    private static final class SealedSecretSerializer extends JsonSerializer<SealedSecret> {
        @Override
        public void serialize(SealedSecret secret, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(secret.stored());
        }
    }

    private static final class SecretDeserializer extends JsonDeserializer<WebhookSecret> {
        @Override
        public WebhookSecret deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            try {
                return WebhookSecret.parse(parser.getValueAsString());
            } catch (HooklineException e) {
                throw new InvalidRecordException("secrets: " + e.getMessage());
            }
        }
    }
}
