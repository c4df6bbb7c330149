package io.faithwatch.modelcaller.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.modelcaller.TestPairs;
import io.faithwatch.modelcaller.domain.PairAnswerer;
import io.faithwatch.modelcaller.domain.Prices;
import io.faithwatch.modelcaller.domain.UnhintedCalls;
import io.faithwatch.modelclients.ClientSettings;
import io.faithwatch.modelclients.Credentials;
import io.faithwatch.modelclients.FakeEndpoint;
import io.faithwatch.modelclients.ModelClients;
import io.faithwatch.modelclients.ReasoningModel;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Throughput of model-caller's call path (PairAnswerer, the shared unhinted calls, the guarded OpenAI client, the same
 * merge(concurrency) stream as PairConsumer) against a local endpoint with a fixed latency L, run as a separate process
 * so that this JVM's CPU and memory are model-caller's alone. Prints calls/s as a fraction of C / L and calls per
 * question for six hint types. Arguments: latencyMs endpointConcurrency questions [pairConcurrency]. Not a test: run
 * it by hand (BENCHMARKS.md has the command).
 */
public final class ThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        long latencyMs = args.length > 0 ? Long.parseLong(args[0]) : 200;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int questions = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        int pairConcurrency = args.length > 3 ? Integer.parseInt(args[3]) : 4 * concurrency;

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process endpoint = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                FakeEndpoint.class.getName(), String.valueOf(port), String.valueOf(latencyMs), String.valueOf(concurrency + 16))
                .redirectErrorStream(true).start();
        try {
            System.out.println(new BufferedReader(new InputStreamReader(endpoint.getInputStream())).readLine());
            ModelRef model = new ModelRef("openai", "http://127.0.0.1:" + port + "/v1", "bench-reasoner", Map.of(), null);
            AtomicInteger calls = new AtomicInteger();
            ReasoningModel client = ModelClients.create("openai", Credentials.none(), ClientSettings.defaults().withMaxConcurrency(concurrency)
                    .withRequestTimeout(Duration.ofSeconds(30)));
            ReasoningModel counting = call -> {
                calls.incrementAndGet();
                return client.complete(call);
            };

            run(counting, model, "warmup", Math.max(20, questions / 5), pairConcurrency);
            calls.set(0);
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            List<PairAnswered> answered = run(counting, model, "bench", questions, pairConcurrency);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();

            long errors = answered.stream().filter(a -> a.hinted().failed() || a.unhinted().failed()).count();
            double achieved = calls.get() / seconds;
            double ideal = concurrency / (latencyMs / 1000.0);
            System.out.printf("L=%d ms C=%d questions=%d pairs=%d pairConcurrency=%d errors=%d%n", latencyMs, concurrency, questions,
                    answered.size(), pairConcurrency, errors);
            System.out.printf("calls=%d in %.2f s: %.1f calls/s; C/L=%.1f calls/s; fraction=%.3f%n", calls.get(), seconds, achieved, ideal,
                    achieved / ideal);
            double meanLatency = answered.stream().mapToLong(a -> a.hinted().latencyMs()).average().orElse(0);
            System.out.printf("latency seen by the client: mean %.1f ms (endpoint sleeps %d ms); C / that = %.1f calls/s; fraction of it=%.3f%n",
                    meanLatency, latencyMs, concurrency / (meanLatency / 1000.0), achieved / (concurrency / (meanLatency / 1000.0)));
            // The endpoint never answers the hint letter (D) unhinted, so no hinted call is left out here (CallsPerQuestionBenchmark).
            System.out.printf("calls per question for %d hint types: %.2f (pair by pair: %d)%n", HintType.values().length,
                    (double) calls.get() / questions, 2 * HintType.values().length);
            System.out.printf("model-caller CPU: %.2f s = %.2f cores of %d; %.1f us CPU per call%n", cpuSeconds, cpuSeconds / seconds,
                    os.getAvailableProcessors(), cpuSeconds * 1e6 / calls.get());
            System.out.printf("model-caller memory: peak heap used %.1f MB (max heap %.0f MB); %s%n", peakHeap / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6, rss());
        } finally {
            endpoint.destroy();
            endpoint.waitFor();
        }
    }

    private static List<PairAnswered> run(ReasoningModel model, ModelRef ref, String checkpoint, int questions, int pairConcurrency) {
        PairAnswerer answering = new PairAnswerer(provider -> model, new UnhintedCalls(20_000, Duration.ofHours(1)), Prices.NONE,
                Clock.systemUTC(), true);
        List<PairCreated> pairs = new ArrayList<>();
        for (int q = 0; q < questions; q++) {
            for (HintType type : HintType.values()) {
                pairs.add(TestPairs.pair(checkpoint, ref, q, type));
            }
        }
        return Multi.createFrom().iterable(pairs)
                .onItem().transformToUni(pair -> Uni.createFrom().completionStage(() -> answering.answer(pair))).merge(pairConcurrency)
                .collect().asList().await().indefinitely();
    }

    private static String rss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS"))
                    .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("");
        } catch (java.io.IOException e) {
            return "RSS unknown";
        }
    }
}
