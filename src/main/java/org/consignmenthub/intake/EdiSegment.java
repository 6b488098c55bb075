package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xlate.edi.stream.Location;

/**
 * A segment of an EDIFACT or TRADACOMS message as it is read: its tag, the line it starts
 * on and its elements, {@code elements[i][j]} being component j+1 of element i+1. A
 * component the sender left empty before a later one is {@code ""}; trailing ones left
 * out stay absent.
 */
class EdiSegment {

    final String tag;
    final int line;
    final ArrayNode elements = JsonNodeFactory.instance.arrayNode();

    EdiSegment(String tag, int line) {
        this.tag = tag;
        this.line = line;
    }

    /** Adds one value where the parser found it. */
    void add(Location at, String value) {
        while (elements.size() < at.getElementPosition()) {
            elements.addArray();
        }
        ArrayNode components = (ArrayNode) elements.get(at.getElementPosition() - 1);
        int component = Math.max(at.getComponentPosition(), 1);

        while (components.size() < component - 1) {
            components.add("");
        }
        components.add(value);
    }

    /** A header value, zero-based; null when it is empty or was not sent. */
    String value(int element, int component) {
        JsonNode value = elements.path(element).path(component);
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /** Appends this segment to a message's {@code segments}, at its position in the message. */
    void appendTo(ArrayNode segments, int position) {
        ObjectNode node = segments.addObject();
        node.put("tag", tag);
        node.put("position", position);
        node.put("line", line);
        node.set("elements", elements);
    }
}
