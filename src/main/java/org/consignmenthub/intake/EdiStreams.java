package org.consignmenthub.intake;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;

/** How both EDI readers (X12 and EDIFACT) open StAEDI on a payload. */
final class EdiStreams {

    private EdiStreams() {
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
