package org.consignmenthub.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts the acknowledgements of a received EDI file into
 * {@code <outbound>/<channel>/<account>/}: 997s for X12, CONTRL reports for EDIFACT, for the
 * partners that ask for them: the mapping option {@code acknowledgeAccounts} lists them,
 * comma-separated, or is {@code *} for every account of the channel. A file appears
 * whole (written aside, then moved into place), so a partner polling the folder never
 * takes half of one.
 */
public final class AcknowledgementOutbox {

    private static final org.slf4j.Logger log =
            org.slf4j.LoggerFactory.getLogger(AcknowledgementOutbox.class);

    private final Path outbound;
    private final MappingCatalog mappings;
    private final X12RecordReader reader = new X12RecordReader();
    private final FunctionalAcknowledgements acknowledgements = new FunctionalAcknowledgements();
    private final EdifactRecordReader edifact = new EdifactRecordReader();
    private final SyntaxAcknowledgements syntaxReports = new SyntaxAcknowledgements();
    private final Clock clock;

    public AcknowledgementOutbox(Path outbound, MappingCatalog mappings, Clock clock) {
        this.outbound = outbound;
        this.mappings = mappings;
        this.clock = clock;
    }

    /** Writes the acknowledgements owed for one received payload; returns the files written. */
    public List<Path> acknowledge(String channel, String account, String messageType,
            String sourceRef, long inboundId, byte[] payload) {
        MappingDescriptor descriptor;
        try {
            descriptor = mappings.find(channel, messageType);
        } catch (IllegalArgumentException noMapping) {
            return List.of();
        }
        if (!asksForAcknowledgements(descriptor, account)) {
            return List.of();
        }
        if ("edifact".equals(descriptor.format())) {
            return syntaxReports(channel, account, sourceRef, inboundId, payload);
        }
        if (!"x12".equals(descriptor.format())) {
            return List.of();
        }
        X12RecordReader.Reading reading = reader.parse(sourceRef, payload);
        List<Path> written = new ArrayList<>();
        for (FunctionalAcknowledgements.Acknowledgement ack : acknowledgements.acknowledge(
                reading, descriptor.documentTypes(), inboundId, clock.instant())) {
            written.add(write(channel, account, ack.fileName(), ack.content()));
            log.info("Functional acknowledgement sent channel={} account={} source={}"
                    + " inboundId={} file={} groups={}", channel, account, sourceRef, inboundId,
                    ack.fileName(), ack.groupStatus());
        }
        return written;
    }

    private List<Path> syntaxReports(String channel, String account, String sourceRef,
            long inboundId, byte[] payload) {
        List<Path> written = new ArrayList<>();
        for (SyntaxAcknowledgements.Report report : syntaxReports.acknowledge(
                edifact.parse(sourceRef, payload), inboundId, clock.instant())) {
            written.add(write(channel, account, report.fileName(), report.content()));
            log.info("CONTRL sent channel={} account={} source={} inboundId={} file={}"
                    + " action={}", channel, account, sourceRef, inboundId, report.fileName(),
                    report.interchangeAction());
        }
        return written;
    }

    static boolean asksForAcknowledgements(MappingDescriptor descriptor, String account) {
        String accounts = descriptor.option("acknowledgeAccounts", "");
        return Arrays.stream(accounts.split(",")).map(String::strip)
                .anyMatch(a -> a.equals("*") || a.equals(account));
    }

    private Path write(String channel, String account, String fileName, byte[] content) {
        try {
            Path folder = outbound.resolve(channel).resolve(account);
            Files.createDirectories(folder);
            Path aside = Files.createTempFile(folder, ".ack-", ".part");
            Files.write(aside, content);
            return Files.move(aside, folder.resolve(fileName),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " for " + channel
                    + "/" + account, e);
        }
    }
}
