package io.lossforge.orchestrator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service started from its jar as a separate OS process, as in production: it can be killed hard
 * (SIGKILL, no shutdown hooks) to test crash recovery, or paused and resumed (SIGSTOP/SIGCONT) to look
 * like a partitioned or frozen host. Output goes to a log file shown on failure. Secrets reach it by
 * environment, never on its command line (which {@code ps} shows to everyone). An orchestrator also has an
 * internal port (its trainers' channel). Public for the fault tests in {@code io.lossforge.orchestrator.faults}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    public final int port;
    /** The orchestrator's internal port ({@code /internal/**}), -1 for a service without one. */
    public final int internalPort;

    private ServiceProcess(String name, Process process, Path log, int port, int internalPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.internalPort = internalPort;
    }

    /** A service without an internal port and without secrets (a round-1 jar, say). */
    public static ServiceProcess start(String name, Path jar, int port, List<String> jvmFlags, List<String> arguments)
            throws IOException {
        return start(name, jar, port, -1, Map.of(), jvmFlags, arguments);
    }

    /**
     * A trainer: {@code port}, and the trainer's secrets ({@link TestCredentials#trainerEnvironment()}) in its
     * environment.
     */
    public static ServiceProcess trainer(String name, Path jar, int port, List<String> jvmFlags, List<String> arguments)
            throws IOException {
        return start(name, jar, port, -1, TestCredentials.trainerEnvironment(), jvmFlags, arguments);
    }

    /**
     * An orchestrator: the public {@code port}, the internal channel on {@code internalPort}, the test API keys
     * (as hashes, on the command line) and the tokens (in its environment).
     */
    public static ServiceProcess orchestrator(
            String name, Path jar, int port, int internalPort, List<String> jvmFlags, List<String> arguments)
            throws IOException {
        List<String> all = new ArrayList<>(TestCredentials.apiKeyArguments());
        all.add("--lossforge.orchestrator.security.internal-port=" + internalPort);
        all.addAll(arguments);
        return start(name, jar, port, internalPort, TestCredentials.orchestratorEnvironment(), jvmFlags, all);
    }

    /**
     * @param internalPort the internal port it was configured with, -1 for none
     * @param environment  added to the inherited environment (secrets)
     */
    public static ServiceProcess start(
            String name,
            Path jar,
            int port,
            int internalPort,
            Map<String, String> environment,
            List<String> jvmFlags,
            List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(arguments);
        Path log = Files.createTempFile(name + "-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().putAll(environment);
        return new ServiceProcess(name, builder.start(), log, port, internalPort);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The orchestrator's internal channel, where its trainers register, beat and report. */
    public String internalUrl() {
        if (internalPort < 0) {
            throw new IllegalStateException(name + " has no internal port");
        }
        return "http://127.0.0.1:" + internalPort;
    }

    /** Waits until /actuator/health answers UP; fails with the service's log if it dies or times out. */
    public void awaitHealthy(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> health = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " not healthy after " + timeout + ":\n" + tail());
    }

    /** SIGKILL: no shutdown hooks, no graceful anything — a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The operating-system process id (stays the same while the service runs: a restart gets a new one). */
    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends a signal by name ({@code STOP}, {@code CONT}, {@code TERM}, {@code KILL}) with {@code kill -s}.
     * STOP freezes every thread at once (heartbeats, trials, sockets stay open), as a hung host or a long
     * GC pause would; CONT resumes it where it stood.
     *
     * @throws IllegalStateException when {@code kill} fails (e.g. the process is gone)
     */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        String output = new String(kill.getInputStream().readAllBytes());
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed: " + output);
        }
    }

    /** Waits for the process to end and returns its exit code, or -1 if it is still alive after the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                ? process.exitValue()
                : -1;
    }

    /** The whole log so far (for greps such as "how many generations were bred"). */
    public List<String> logLines() throws IOException {
        // Lenient decoding: a stray byte in a log must not hide the failure being reported.
        return new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .toList();
    }

    public Path log() {
        return log;
    }

    public String tail() throws IOException {
        return tail(60);
    }

    public String tail(int count) throws IOException {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            // A stopped process cannot act on SIGTERM until it runs again.
            signal("CONT");
        } catch (IOException | IllegalStateException e) {
            // gone meanwhile
        }
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }
}
