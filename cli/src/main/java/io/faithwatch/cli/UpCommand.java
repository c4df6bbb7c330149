package io.faithwatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

import io.faithwatch.localstack.FaithService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Starts the whole system and keeps it up until Ctrl-C, then stops every part of it. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start Kafka, PostgreSQL and the four services on this machine until Ctrl-C.")
public class UpCommand extends FaithCommand {
    @Mixin
    StackOptions options = new StackOptions();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = out();
        out.println("starting Kafka, PostgreSQL and the four services (logs in " + options.logs() + ") ...");
        out.flush();
        LocalRun run = LocalRun.start(options.kafkaPort, options.dbPort, options.basePort, options.logs());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nstopping ...");
            out.flush();
            run.close();
            stopped.countDown();
        }, "faith-up-stop"));
        out.println("Kafka       " + run.kafka().bootstrapServers());
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
}
