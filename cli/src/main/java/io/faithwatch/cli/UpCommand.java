package io.faithwatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

import io.faithwatch.events.KafkaAccess;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.KafkaSecurity;
import io.faithwatch.localstack.RepoRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the whole system and keeps it up until Ctrl-C, then stops every part of it. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start Kafka, PostgreSQL and the four services on this machine until Ctrl-C.")
public class UpCommand extends FaithCommand {
    @Mixin
    StackOptions options = new StackOptions();

    @Option(names = "--secure", description = "Kafka with sign-in (SASL/SCRAM-SHA-512) and ACLs: each service may touch only its own topics "
            + "and groups, publishers only write checkpoints and rollouts; the publisher's and admin's client settings go to .faith/kafka/")
    boolean secure;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = out();
        out.println("starting Kafka, PostgreSQL and the four services (logs in " + options.logs() + ") ...");
        out.flush();
        LocalRun run = LocalRun.start(options.kafkaPort, options.dbPort, options.basePort, options.logs(), null, secure);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nstopping ...");
            out.flush();
            run.close();
            stopped.countDown();
        }, "faith-up-stop"));
        out.println("Kafka       " + run.kafka().bootstrapServers() + (secure ? "  (SASL/SCRAM sign-in, ACLs)" : ""));
        if (secure) {
            for (String principal : java.util.List.of(KafkaAccess.PUBLISHER, KafkaSecurity.ADMIN)) {
                out.printf("%-12s %s%n", principal, clientSettings(run, principal));
            }
        }
        out.println("PostgreSQL  " + run.stack().database().jdbcUrl());
        for (FaithService service : FaithService.values()) {
            String url = run.url(service);
            out.printf("%-12s %s  (health %s/q/health, metrics %s/q/metrics)%n", service.module(), url, url, url);
        }
        String eval = options.basePort == 8081 ? "./faith eval" : "./faith eval --pair-builder " + run.url(FaithService.PAIR_BUILDER)
                + " --model-caller " + run.url(FaithService.MODEL_CALLER) + " --scorer " + run.url(FaithService.SCORER);
        out.println("ready. In another terminal: " + eval + "   (Ctrl-C here stops everything)");
        out.flush();
        stopped.await();
        return 0;
    }

    /** Writes a principal's client settings (readable by this user only) for kafka-console-producer or a trainer's client. */
    static java.nio.file.Path clientSettings(LocalRun run, String principal) {
        java.nio.file.Path file = RepoRoot.find().resolve(".faith/kafka/" + principal + ".properties");
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", run.kafka().bootstrapServers());
        props.putAll(run.kafka().clientProperties(principal));
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try (java.io.Writer writer = java.nio.file.Files.newBufferedWriter(file)) {
                props.store(writer, principal + " of the local secured broker: kafka-console-producer.sh --producer.config " + file.getFileName());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
