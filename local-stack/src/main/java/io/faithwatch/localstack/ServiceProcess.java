package io.faithwatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * One packaged service running as its own operating-system process, with its log in a file. Configuration is passed
 * as system properties, so any Quarkus or application setting can be given.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final FaithService service;
    private final Path jar;
    /** Changes only when the service is started again on another port ({@link #restartOn}). */
    private volatile int port;
    private final Map<String, String> config;
    private final Path log;
    private final String heap;
    private Process process;

    private ServiceProcess(FaithService service, Path jar, int port, Map<String, String> config, Path log, String heap) {
        this.service = service;
        this.jar = jar;
        this.port = port;
        this.config = new TreeMap<>(config);
        this.log = log;
        this.heap = heap;
    }

    /** Starts the service; call {@link #awaitReady} before using it. */
    public static ServiceProcess start(FaithService service, Path jar, int port, Map<String, String> config, Path logDir, String heap) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(service.module() + " is not packaged: " + jar + " is missing (run ./mvnw -B install -DskipTests)");
        }
        ServiceProcess process = new ServiceProcess(service, jar, port, config, logDir.resolve(service.module() + ".log"), heap);
        process.launch();
        return process;
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        // On a large machine the JVM would start with a heap near its maximum; grown on demand, the resident set stays small.
        command.add("-Xms32m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dquarkus.http.port=" + port);
        Map<String, String> environment = new TreeMap<>();
        config.forEach((key, value) -> {
            if (secret(key)) {
                environment.put(environmentName(key), value);
            } else {
                command.add("-D" + key + "=" + value);
            }
        });
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service.module(), e);
        }
        LOG.debugf("started %s (pid %d) on port %d, log %s", service.module(), process.pid(), port, log);
    }

    /** Secrets go to the process's environment, where other users of the machine cannot read them, not its command line. */
    static boolean secret(String key) {
        return key.endsWith("password") || key.endsWith("jaas.config") || key.endsWith("-token");
    }

    /** The environment variable Quarkus reads a property from: {@code kafka.sasl.jaas.config} is {@code KAFKA_SASL_JAAS_CONFIG}. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early with the log's tail if the process dies. */
    public ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module() + " exited with code " + process.exitValue() + ":\n" + logTail(40));
            }
            if (ready()) {
                return this;
            }
            sleep(200);
        }
        throw new IllegalStateException(service.module() + " not ready after " + timeout + ":\n" + logTail(40));
    }

    public boolean ready() {
        return status("/q/health/ready") == 200;
    }

    /** HTTP status of a GET on this service, or -1 when it does not answer. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Body of a GET on this service. */
    public String get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(service.module() + " did not answer GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, as a crash would: no shutdown hook runs, nothing is flushed or committed. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM and wait for a clean shutdown; SIGKILL if it takes longer than the timeout. */
    public void stop(Duration timeout) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(timeout)) {
            LOG.warnf("%s did not stop within %s; killing it", service.module(), timeout);
            kill();
        }
    }

    /** Starts the same service again after a stop or a kill, with the same port, configuration and log. */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(service.module() + " is still running");
        }
        launch();
        return this;
    }

    /**
     * Starts it again on another port. A free port picked for a service can be taken by another process before the
     * service binds it; the service then exits at once ({@link #lostItsPort}).
     */
    public ServiceProcess restartOn(int newPort) {
        if (process.isAlive()) {
            throw new IllegalStateException(service.module() + " is still running");
        }
        port = newPort;
        launch();
        return this;
    }

    /** Whether it exited because its port was in use when it started (Quarkus says so in its log). */
    public boolean lostItsPort() {
        return !alive() && logTail(40).contains("Port " + port + " seems to be in use");
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public FaithService service() {
        return service;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
