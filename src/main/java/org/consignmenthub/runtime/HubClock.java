package org.consignmenthub.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hub's one clock. It follows the system clock until something drives it: a replay of
 * historical data moves it forward with the data, so that scheduled work such as closing a
 * settlement month happens at the data's time, not today's.
 */
public final class HubClock extends Clock {

    private final AtomicReference<Instant> driven = new AtomicReference<>();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        Instant at = driven.get();
        return at != null ? at : Instant.now();
    }

    /** From now on the clock reads {@code at} until moved again. */
    public void driveTo(Instant at) {
        driven.set(at);
    }

    /** Lets the clock follow the system clock again, as it did before it was first driven. */
    public void followSystemClock() {
        driven.set(null);
    }

}
