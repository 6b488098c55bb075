package org.consignmenthub.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/**
 * The one JSON form of canonical events: on the queue, in golden files and in the
 * dead-letter store. Money stays decimal and instants stay ISO-8601 text.
 */
public final class CanonicalJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private CanonicalJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A list of events as JSON, each with its type (a plain list would lose it). */
    public static String eventsJson(List<CanonicalEvent> events) {
        try {
            return MAPPER.writerFor(new TypeReference<List<CanonicalEvent>>() { })
                    .writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical events could not be written", e);
        }
    }
}
