package org.consignmenthub.intake;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A payload decoded as UTF-8, strictly: every byte that does not belong to a UTF-8 sequence
 * is noted with its offset in the payload, and stands in the text as U+FFFD so that the
 * records around it can still be read. A reader refuses whatever holds such a byte, naming
 * where it sat; it never guesses another encoding, which would book a different SKU.
 */
record Utf8Text(String text, List<BadByte> badBytes) {

    /** A byte that is not UTF-8: its offset in the payload (from 0), its index in the text. */
    record BadByte(long offset, int textIndex, int value) {

        String describe() {
            return "the byte at offset " + offset + " (counting from 0) is 0x"
                    + HexFormat.of().withUpperCase().toHexDigits((byte) value)
                    + ", which is not UTF-8";
        }
    }

    static Utf8Text decode(byte[] payload) {
        CharsetDecoder decoder = strictDecoder();
        ByteBuffer in = ByteBuffer.wrap(payload);
        // UTF-8 never gives more characters than bytes, and a bad byte gives one U+FFFD.
        CharBuffer out = CharBuffer.allocate(payload.length);
        List<BadByte> bad = new ArrayList<>();
        CoderResult result = decoder.decode(in, out, true);
        while (result.isError()) {
            bad.add(new BadByte(in.position(), out.position(), payload[in.position()] & 0xFF));
            out.put('\uFFFD');
            in.position(in.position() + result.length());
            result = decoder.decode(in, out, true);
        }
        decoder.flush(out);
        return new Utf8Text(out.flip().toString(), List.copyOf(bad));
    }

    /** The first byte of the payload that is not UTF-8, if any, without keeping the text. */
    static Optional<BadByte> firstBadByte(byte[] payload) {
        CharsetDecoder decoder = strictDecoder();
        ByteBuffer in = ByteBuffer.wrap(payload);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return Optional.of(new BadByte(in.position(), -1, payload[in.position()] & 0xFF));
            }
            if (result.isUnderflow()) {
                return Optional.empty();
            }
            out.clear();
        }
    }

    /** The first bad byte whose character lies in {@code [from, to)} of the text. */
    Optional<BadByte> within(int from, int to) {
        return badBytes.stream().filter(b -> b.textIndex() >= from && b.textIndex() < to)
                .findFirst();
    }

    /** The same text without its first character (a byte-order mark), indexes shifted. */
    Utf8Text withoutFirstCharacter() {
        return new Utf8Text(text.substring(1), badBytes.stream()
                .map(b -> new BadByte(b.offset(), b.textIndex() - 1, b.value())).toList());
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
