package org.consignmenthub.intake;

import java.nio.file.Path;
import java.util.Map;

/**
 * One mapping as data: {@code mappings/<channel>/<messageType>.yaml} names the payload
 * format, reader options and the JSONata expression that turns each record into canonical
 * events.
 */
public record MappingDescriptor(
        String channel,
        String messageType,
        String format,
        Path expressionFile,
        Map<String, String> options) {

    public String option(String name, String fallback) {
        return options == null ? fallback : options.getOrDefault(name, fallback);
    }
}
