package org.consignmenthub.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.intake.CorpusAssignment;
import org.consignmenthub.intake.InboundMessage;
import org.consignmenthub.intake.MappedRecord;
import org.consignmenthub.intake.MappingCatalog;
import org.consignmenthub.intake.MappingEngine;
import org.consignmenthub.intake.RecordReaders;

/**
 * Lists what the hub's mappings make of every file of a corpus of sample payloads: the
 * channel that reads it (from the channels' {@code corpus.yaml} claims), the message type,
 * and the outcome, as events by kind or rejections with their position and reason. It maps
 * only: no database, no ledger, so the rules that read the books (SKU known, price, the
 * duplicate window) are not applied; the record rules of the claimed account are.
 * The folder {@code retail-dataset} is left out: it is the replay's, not a partner's.
 */
public final class CorpusReport {

    public static final String COMMAND = "corpus-report";

    private static final String LEFT_OUT = "retail-dataset";
    private static final int REASON_WIDTH = 90;
    /** Rejections spelled out per file; the rest are counted. */
    private static final int SHOWN = 2;

    /** What became of one corpus file. */
    public record Line(String file, String channel, String messageType, int records,
            Map<String, Integer> eventsByKind, List<String> rejections, List<String> skips,
            String refusal) {

        public int events() {
            return eventsByKind.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** The outcome in words: events by kind, rejections and skips, or why none. */
        public String outcome() {
            if (refusal != null) {
                return refusal;
            }
            List<String> parts = new ArrayList<>();
            if (!eventsByKind.isEmpty() || rejections.isEmpty()) {
                parts.add(events() + " events" + (eventsByKind.isEmpty() ? "" : " ("
                        + eventsByKind.entrySet().stream().map(e -> e.getValue() + " "
                                + e.getKey()).collect(Collectors.joining(", ")) + ")"));
            }
            if (!skips.isEmpty()) {
                parts.add(skips.size() + " skipped");
            }
            if (!rejections.isEmpty()) {
                List<String> shown = rejections.subList(0, Math.min(SHOWN, rejections.size()));
                parts.add(rejections.size() + " rejected: " + String.join(" | ", shown)
                        + (rejections.size() > SHOWN ? " | +" + (rejections.size() - SHOWN)
                                + " more" : ""));
            }
            return String.join("; ", parts);
        }
    }

    private final MappingEngine engine;
    private final CorpusAssignment assignment;

    public CorpusReport(Path mappings) {
        MappingCatalog catalog = MappingCatalog.load(mappings);
        this.engine = new MappingEngine(catalog, RecordReaders.all());
        this.assignment = CorpusAssignment.load(catalog);
    }

    public static int run(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: " + COMMAND + " <corpus-dir> [--hub.mappings.dir=<dir>]");
            return 2;
        }
        Path mappings = Path.of("mappings");
        for (String arg : args) {
            if (arg.startsWith("--hub.mappings.dir=")) {
                mappings = Path.of(arg.substring("--hub.mappings.dir=".length()));
            }
        }
        Path corpus = Path.of(args[0]);
        if (!Files.isDirectory(corpus)) {
            System.err.println("no corpus folder at " + corpus.toAbsolutePath());
            return 2;
        }
        new CorpusReport(mappings).print(corpus, System.out);
        return 0;
    }

    public void print(Path corpus, PrintStream out) {
        List<Line> lines = report(corpus);
        String format = "%-" + width(lines, Line::file) + "s  %-" + width(lines, Line::channel)
                + "s  %-" + width(lines, Line::messageType) + "s  %s%n";
        long claimed = lines.stream().filter(l -> l.channel() != null).count();
        out.printf("%d files in %s (%s left out), %d read by a channel%n", lines.size(),
                corpus, LEFT_OUT, claimed);
        out.printf(format, "FILE", "CHANNEL", "TYPE", "OUTCOME");
        for (Line line : lines) {
            out.printf(format, line.file(), line.channel() == null ? "-" : line.channel(),
                    line.messageType() == null ? "-" : line.messageType(), line.outcome());
        }
    }

    private static int width(List<Line> lines, Function<Line, String> column) {
        return lines.stream().map(column).filter(Objects::nonNull).mapToInt(String::length)
                .max().orElse(1);
    }

    /** Every file under the corpus folder's sub-folders except the left-out one, in order. */
    public List<Line> report(Path corpus) {
        List<Line> lines = new ArrayList<>();
        for (Path file : files(corpus)) {
            lines.add(line(corpus, corpus.relativize(file)));
        }
        return lines;
    }

    private Line line(Path corpus, Path relative) {
        String name = relative.toString();
        Optional<CorpusAssignment.Claim> claim = assignment.claimOf(relative);
        if (claim.isEmpty()) {
            return refused(name, null, null, "no channel claims it (mappings/*/corpus.yaml)");
        }
        String channel = claim.get().channel();
        String fileName = relative.getFileName().toString();
        String messageType = claim.get().messageType();
        if (messageType == null) {
            try {
                messageType = engine.catalog().messageTypeForFile(channel, fileName);
            } catch (IllegalArgumentException e) {
                return refused(name, channel, null, "refused whole: NO_MAPPING "
                        + e.getMessage());
            }
        }

        Map<String, String> attributes = new HashMap<>(claim.get().attributes());
        attributes.putIfAbsent("receivedAt", Instant.EPOCH.toString());
        attributes.put("fileName", fileName);
        List<MappedRecord> records;
        try {
            records = engine.map(new InboundMessage(0L, channel, claim.get().account(),
                    messageType, fileName, Files.readAllBytes(corpus.resolve(relative)),
                    attributes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return refused(name, channel, messageType, "refused whole: " + e.getMessage());
        }
        return outcome(name, channel, messageType, fileName, records);
    }

    private static Line outcome(String name, String channel, String messageType,
            String fileName, List<MappedRecord> records) {
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> rejections = new ArrayList<>();
        List<String> skips = new ArrayList<>();
        for (MappedRecord record : records) {
            String at = position(fileName, record.recordRef());
            if (record instanceof MappedRecord.Events events) {
                for (CanonicalEvent event : events.events()) {
                    kinds.merge(event.getClass().getSimpleName(), 1, Integer::sum);
                }
            } else if (record instanceof MappedRecord.Rejected rejected) {
                rejections.add(at + " " + rejected.reasonCode() + " "
                        + shorten(rejected.reason()));
            } else if (record instanceof MappedRecord.Skipped skipped) {
                skips.add(at + " " + skipped.reasonCode());
            }
        }
        return new Line(name, channel, messageType, records.size(), kinds, rejections, skips,
                null);
    }

    private static Line refused(String file, String channel, String messageType,
            String why) {
        return new Line(file, channel, messageType, 0, Map.of(), List.of(), List.of(), why);
    }

    /** The record's place in its file, without repeating the file's name. */
    private static String position(String fileName, String recordRef) {
        String at = recordRef.startsWith(fileName) ? recordRef.substring(fileName.length())
                : recordRef;
        return at.isEmpty() ? "(whole file)" : at;
    }

    private static String shorten(String reason) {
        String oneLine = reason == null ? "" : reason.replaceAll("\\s+", " ");
        return oneLine.length() <= REASON_WIDTH ? oneLine
                : oneLine.substring(0, REASON_WIDTH - 3) + "...";
    }

    private static List<Path> files(Path corpus) {
        try (Stream<Path> all = Files.walk(corpus)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> corpus.relativize(p).getNameCount() > 1)
                    .filter(p -> !corpus.relativize(p).getName(0).toString().equals(LEFT_OUT))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the corpus at " + corpus, e);
        }
    }
}
