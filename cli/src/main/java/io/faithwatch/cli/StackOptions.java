package io.faithwatch.cli;

import java.nio.file.Path;

import io.faithwatch.localstack.RepoRoot;
import picocli.CommandLine.Option;

/** Where the local system listens and logs. */
public class StackOptions {
    @Option(names = "--base-port", defaultValue = "8081", description = "pair-builder, model-caller, grader, scorer on this port and the next three (default: ${DEFAULT-VALUE})")
    int basePort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka broker port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--db-port", defaultValue = "15432", description = "PostgreSQL port (default: ${DEFAULT-VALUE})")
    int dbPort;

    @Option(names = "--logs", description = "folder of the services' logs (default: .faith/logs in the repository)")
    Path logs;

    Path logs() {
        return logs != null ? logs : RepoRoot.find().resolve(".faith/logs");
    }
}
