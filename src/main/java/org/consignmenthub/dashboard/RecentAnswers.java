package org.consignmenthub.dashboard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers of the dashboard's chart reads (the journal summed day by day, transfers per
 * vendor) that were costly to read, kept for a moment so that many open pages refreshing
 * their charts on large books cost one read. A kept answer is at most {@code keepMs} older
 * than the moment it is asked for; pages wait longer than that after a live change before
 * they read their charts again. Cheap answers are never kept: small books are always
 * read fresh.
 */
final class RecentAnswers {

    private static final int MOST_KEPT = 200;
    private static final long COSTLY_NANOS = 250_000_000;

    private final long keepNanos;
    private final Map<String, Kept> answers = new ConcurrentHashMap<>();

    private record Kept(Object answer, long readAt) {
    }

    RecentAnswers(long keepMs) {
        this.keepNanos = keepMs * 1_000_000;
    }

    @SuppressWarnings("unchecked")
    <T> T get(String question, Supplier<T> read) {
        long now = System.nanoTime();
        Kept kept = answers.get(question);
        if (kept != null && now - kept.readAt() < keepNanos) {
            return (T) kept.answer();
        }

        if (answers.size() >= MOST_KEPT) {
            answers.clear();
        }
        T answer = read.get();
        if (System.nanoTime() - now >= COSTLY_NANOS) {
            answers.put(question, new Kept(answer, now));
        }
        return answer;
    }
}
