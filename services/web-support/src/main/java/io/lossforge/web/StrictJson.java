package io.lossforge.web;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Request JSON read as the contract says (api-spec: "a value of the wrong JSON type is an invalid-request
 * problem"): Jackson's default would turn {@code 12345} or {@code true} into the string {@code "12345"}, a
 * numeric string into a number, {@code 1.5} into the integer 1 — so a malformed request was accepted and
 * acted on (the malformed-request corpus started searches with them). Each service registers {@link
 * #module()} as a bean (Spring Boot adds it to its {@code JsonMapper}) and disables
 * {@code spring.jackson.mapper.allow-coercion-of-scalars} and
 * {@code spring.jackson.deserialization.accept-float-as-int} for the numbers and booleans.
 *
 * <p>The module's string reader also refuses strings with an unpaired UTF-16 surrogate ({@code "\ud800"}):
 * they are no Unicode text, PostgreSQL cannot store them and UTF-8 cannot encode them, so they would be
 * changed silently on the way to the database.
 */
public final class StrictJson {

    private StrictJson() {}

    /** Strings only from JSON strings, and only with paired surrogates. */
    public static JacksonModule module() {
        return new SimpleModule("lossforge-strict-json").addDeserializer(String.class, new StrictStrings());
    }

    /** The index of the first unpaired surrogate in {@code text}, or -1. */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static final class StrictStrings extends StdScalarDeserializer<String> {

        StrictStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String text = p.getString();
            int at = unpairedSurrogate(text);
            if (at >= 0) {
                return (String) ctxt.handleWeirdStringValue(
                        String.class, text, "contains an unpaired UTF-16 surrogate at index %d", at);
            }
            return text;
        }
    }
}
