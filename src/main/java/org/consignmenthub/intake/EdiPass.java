package org.consignmenthub.intake;

import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.Location;
import java.io.IOException;

/**
 * One reading of one EDI payload by StAEDI: feeds each parser event to the envelope's own
 * handling and tells it when the input ends or the parser gives up. Each EDI reader keeps
 * its envelope rules (what opens and closes a message, what a count checks) in a subclass.
 */
abstract class EdiPass {

    protected final String source;
    protected final String text;
    protected EDIStreamReader reader;

    EdiPass(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /** Reads the whole payload; whatever happens, every open envelope gets closed. */
    final void drive(EdiPayload payload) {
        try {
            reader = EdiStreams.open(payload.bytes(), payload.skip(), payload.charset());
            while (reader.hasNext()) {
                on(reader.next());
            }
            finish();
        } catch (EDIStreamException | RuntimeException e) {
            stopped(e);
        } finally {
            close();
        }
    }

    /** One parser event, with {@link #reader} positioned on it. */
    protected abstract void on(EDIStreamEvent event);

    /** The normal end of input: whatever is still open lacks its trailer. */
    protected abstract void finish();

    /** The parser gave up: a truncated file, a broken header or text of another syntax. */
    protected abstract void stopped(Exception e);

    /** The segment the parser stopped in, else {@code fallback}: the field a refusal names. */
    protected static String stoppedIn(Exception e, String fallback) {
        Location at = e instanceof EDIStreamException se ? se.getLocation() : null;
        return at != null && at.getSegmentTag() != null ? at.getSegmentTag() : fallback;
    }

    /** The text between two parser offsets, clamped to the text, as a raw record. */
    protected String slice(int start, int end) {
        int from = Math.min(Math.max(start, 0), text.length());
        int to = Math.min(Math.max(end, from), text.length());
        return text.substring(from, to).strip();
    }

    private void close() {
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (IOException e) {
            // The stream is an in-memory array: closing it cannot lose anything.
        }
    }
}
