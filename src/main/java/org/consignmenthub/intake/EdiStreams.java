package org.consignmenthub.intake;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.Location;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the EDI readers (X12, EDIFACT, TRADACOMS) open StAEDI on a payload. */
final class EdiStreams {

    /** StAEDI's code for input that ends before the interchange does. */
    private static final String ENDED = "EDIE005";
    /** StAEDI's code for a character the delimiters in force do not allow there. */
    private static final String UNEXPECTED = "EDIE003";
    private static final Pattern INPUT = Pattern.compile("input: '(.+?)'\\s*$");
    private static final Pattern HEADER_DELIMITER = Pattern.compile(
            "delimiter value '(.+?)' in X12 header position (\\d+)");

    private EdiStreams() {
    }

    /**
     * Why reading stopped, in words for a partner and support staff: what was met and where,
     * without the parser's codes and states.
     */
    static String whyStopped(Exception e) {
        String detail = String.valueOf(e.getMessage());
        String where = where(e instanceof EDIStreamException se ? se.getLocation() : null);
        if (detail.startsWith(ENDED)) {
            return "reading stopped: the file ends" + where + " before its interchange is"
                    + " complete (cut short in sending?)";
        }
        if (detail.startsWith(UNEXPECTED)) {
            Matcher header = HEADER_DELIMITER.matcher(detail);
            if (header.find()) {
                return "reading stopped: the header has the delimiter '" + header.group(1)
                        + "' in its element " + header.group(2) + where + ", where its fixed"
                        + " width expects data";
            }
            Matcher input = INPUT.matcher(detail);
            String met = input.find() ? "the character '" + input.group(1) + "'" : "a character";
            return "reading stopped: " + met + where + " does not fit the delimiters the"
                    + " header declares (a file cut short, mixed delimiters, or not EDI)";
        }
        return "reading stopped: the text cannot be read as EDI" + where;
    }

    private static String where(Location at) {
        if (at == null) {
            return "";
        }
        if (at.getSegmentTag() != null && at.getElementPosition() > 0) {
            return " in segment " + at.getSegmentTag() + " (element " + at.getElementPosition()
                    + ")";
        }
        if (at.getSegmentTag() != null) {
            return " after segment " + at.getSegmentTag();
        }
        return at.getCharacterOffset() >= 0 ? " at character offset " + at.getCharacterOffset()
                : "";
    }

    /**
     * A reader over the payload after its first {@code skip} bytes (a byte-order mark).
     * Code lists in the envelope lag behind real partners (31B, ZZ), while counts and
     * numbers do not, so code values are not checked. Some networks hard-wrap interchanges
     * at 80 columns, even inside a value; control characters have no place in EDI data,
     * so line breaks are dropped.
     */
    static EDIStreamReader open(byte[] payload, int skip, Charset charset)
            throws EDIStreamException {
        EDIInputFactory factory = EDIInputFactory.newFactory();
        factory.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_CODE_VALUES, false);
        factory.setProperty(EDIInputFactory.EDI_IGNORE_EXTRANEOUS_CHARACTERS, true);
        return factory.createEDIStreamReader(
                new ByteArrayInputStream(payload, skip, payload.length - skip), charset.name());
    }
}
