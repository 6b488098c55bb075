package org.consignmenthub.intake;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One mapping as data: {@code mappings/<channel>/<messageType>.yaml} names the payload
 * format, reader options and the JSONata expression that turns each record into canonical
 * events.
 *
 * <p>A format whose records say what kind of document they are (an X12 transaction set
 * names itself in ST01) may give one expression per document type in {@code documents};
 * a record of a type not listed there is read by {@code expression}.
 */
public record MappingDescriptor(
        String channel,
        String messageType,
        String format,
        Path expressionFile,
        Map<String, String> options,
        Map<String, Path> documentExpressions) {

    public MappingDescriptor(String channel, String messageType, String format,
            Path expressionFile, Map<String, String> options) {
        this(channel, messageType, format, expressionFile, options, Map.of());
    }

    public String option(String name, String fallback) {
        return options == null ? fallback : options.getOrDefault(name, fallback);
    }

    /** The expression that reads a record of the given document type (null: none named). */
    public Path expressionFor(String documentType) {
        if (documentType == null || documentExpressions == null) {
            return expressionFile;
        }
        return documentExpressions.getOrDefault(documentType, expressionFile);
    }

    /** The document types this mapping has an expression of their own for. */
    public Set<String> documentTypes() {
        return documentExpressions == null ? Set.of() : documentExpressions.keySet();
    }
}
