package org.consignmenthub;

import java.util.Arrays;
import org.consignmenthub.replay.CorpusReport;
import org.consignmenthub.replay.OnlineRetailReplay;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the hub. With no arguments it runs as a service; {@code replay-online-retail
 * <dataset-dir> <summary.json>} runs the hub on the embedded default, replays the Online
 * Retail data set through it, writes the summary and stops; {@code corpus-report
 * <corpus-dir>} prints what the mappings make of each corpus file, with no hub started.
 */
@SpringBootApplication
public class ConsignmentHub {

    public static void main(String[] args) {
        if (args.length > 0 && OnlineRetailReplay.COMMAND.equals(args[0])) {
            System.exit(OnlineRetailReplay.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && CorpusReport.COMMAND.equals(args[0])) {
            System.exit(CorpusReport.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        try {
            SpringApplication.run(ConsignmentHub.class, args);
        } catch (RuntimeException e) {
            // The broker's and Camel's threads outlive a failed start; a service manager
            // must see the hub stop, not a process that serves nothing.
            System.exit(1);
        }
    }

    public static ConfigurableApplicationContext start(String... args) {
        return SpringApplication.run(ConsignmentHub.class, args);
    }
}
