package org.consignmenthub.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An EDI file as the EDI readers take it: its bytes, its text, and how many leading bytes
 * (a byte-order mark) StAEDI is to pass over so that the offsets it reports index that
 * same text, which the raw records are cut from.
 *
 * <p>The bytes are decoded as UTF-8, or as ISO-8859-1 when they are not valid UTF-8.
 */
record EdiPayload(byte[] bytes, String text, int skip, Charset charset) {

    /** The byte-order mark some Windows tools write first; StAEDI takes it for data. */
    private static final String BOM = "\uFEFF";

    static EdiPayload decode(byte[] bytes) {
        Charset charset = charsetOf(bytes);
        String text = new String(bytes, charset);

        if (!text.startsWith(BOM)) {
            return new EdiPayload(bytes, text, 0, charset);
        }
        return new EdiPayload(bytes, text.substring(1), BOM.getBytes(charset).length, charset);
    }

    private static Charset charsetOf(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            // UNOC (Latin-1) partners send bytes that are not UTF-8; every byte decodes here.
            return StandardCharsets.ISO_8859_1;
        }
    }
}
