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
 * Puts the 997s of a received X12 file into {@code <outbound>/<channel>/<account>/}, for
 * the partners that ask for them: the mapping option {@code acknowledgeAccounts} lists
 * them, comma-separated, or is {@code *} for every account of the channel. A file appears
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
    private final Clock clock;

    public AcknowledgementOutbox(Path outbound, MappingCatalog mappings, Clock clock) {
        this.outbound = outbound;
        this.mappings = mappings;
        this.clock = clock;
    }

    /** Writes the 997s owed for one received payload; returns the files written. */
    public List<Path> acknowledge(String channel, String account, String messageType,
            String sourceRef, long inboundId, byte[] payload) {
        MappingDescriptor descriptor;
        try {
            descriptor = mappings.find(channel, messageType);
        } catch (IllegalArgumentException noMapping) {
            return List.of();
        }
        if (!"x12".equals(descriptor.format()) || !asksForAcknowledgements(descriptor, account)) {
            return List.of();
        }
        X12RecordReader.Reading reading = reader.parse(sourceRef, payload);
        List<Path> written = new ArrayList<>();
        for (FunctionalAcknowledgements.Acknowledgement ack : acknowledgements.acknowledge(
                reading, descriptor.documentTypes(), inboundId, clock.instant())) {
            written.add(write(channel, account, ack));
            log.info("Functional acknowledgement sent channel={} account={} source={}"
                    + " inboundId={} file={} groups={}", channel, account, sourceRef, inboundId,
                    ack.fileName(), ack.groupStatus());
        }
        return written;
    }

    static boolean asksForAcknowledgements(MappingDescriptor descriptor, String account) {
        String accounts = descriptor.option("acknowledgeAccounts", "");
        return Arrays.stream(accounts.split(",")).map(String::strip)
                .anyMatch(a -> a.equals("*") || a.equals(account));
    }

    private Path write(String channel, String account,
            FunctionalAcknowledgements.Acknowledgement ack) {
        try {
            Path folder = outbound.resolve(channel).resolve(account);
            Files.createDirectories(folder);
            Path aside = Files.createTempFile(folder, ".997-", ".part");
            Files.write(aside, ack.content());
            return Files.move(aside, folder.resolve(ack.fileName()),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ack.fileName() + " for " + channel
                    + "/" + account, e);
        }
    }
}
