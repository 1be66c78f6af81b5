package io.lossforge.orchestrator.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL server (zonky's bundled binaries) on a fixed data directory and a fixed port, that
 * can be {@linkplain #restart() restarted} on both after it died, so that JDBC URLs handed out before stay
 * valid. zonky starts the server with {@code pg_ctl start}: it is a daemon that zonky holds no handle to, so
 * whether it runs is read from its {@code postmaster.pid} ({@link #isRunning()}); {@link PostgresSupervisor}
 * watches it.
 *
 * <p>Durability: zonky starts PostgreSQL with fsync and synchronous commit off (fine for tests, not for a
 * search that runs for days), so both are switched on; after a crash the server replays its WAL on start.
 * As root, zonky runs the server through {@code unshare -U} (a user namespace), which needs the
 * {@code unshare} tool and user namespaces.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /**
     * pgjdbc options of every URL (seconds): a connect to a dead host fails within 2 s instead of the OS's
     * minutes, a query on a connection whose server vanished without a FIN fails after 30 s instead of never,
     * and TCP keep-alive lets the kernel notice dead idle connections.
     */
    static final String CONNECTION_OPTIONS = "connectTimeout=2&socketTimeout=30&tcpKeepAlive=true";

    /** How long a restart waits for the processes of the dead server to end (they hold its shared memory). */
    private static final Duration CHILDREN_EXIT_WAIT = Duration.ofSeconds(10);

    private final Path dataDirectory;
    private final int port;

    private EmbeddedPostgres postgres; // guarded by this; null after a failed restart
    private boolean closed; // guarded by this
    /** The server processes last seen under the postmaster: after its death they are waited for. */
    private volatile List<ProcessHandle> serverProcesses = List.of();

    private EmbeddedPostgresServer(Path dataDirectory, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        this.port = postgres.getPort();
    }

    /**
     * Starts a server on {@code dataDirectory} (initialised by {@code initdb} when it has no
     * {@code postgresql.conf}) and {@code port} (0: a free one, kept for restarts).
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        return new EmbeddedPostgresServer(dataDirectory, launch(dataDirectory, port));
    }

    private static EmbeddedPostgres launch(Path dataDirectory, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
    }

    /** The port the server listens on (resolved at the first start; the same after every restart). */
    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The JDBC URL of {@code database} as user {@code postgres} (trust authentication), with the timeouts. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres&" + CONNECTION_OPTIONS;
    }

    /** The postmaster's pid as written in {@code postmaster.pid}; empty when the file is absent or unreadable. */
    public OptionalLong postmasterPid() {
        return postmasterPid(dataDirectory);
    }

    /**
     * Whether the postmaster is alive: {@code postmaster.pid} names a live, non-zombie process (a killed
     * server leaves the file behind; a cleanly stopped one removes it). Remembers its child processes, which
     * a {@link #restart()} waits for. A file being written (no pid yet) counts as running.
     */
    public boolean isRunning() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return false;
        }
        OptionalLong pid = postmasterPid();
        if (pid.isEmpty()) {
            return true; // being written by a starting server
        }
        return ProcessHandle.of(pid.getAsLong())
                .filter(EmbeddedPostgresServer::alive)
                .map(postmaster -> {
                    serverProcesses = postmaster.children().toList();
                    return true;
                })
                .orElse(false);
    }

    /**
     * Starts the server again on the same directory and port, after it died (PostgreSQL recovers from its
     * WAL): closes zonky's old instance (which frees its lock on the directory; its {@code pg_ctl stop} of the
     * dead server fails and is logged by zonky as an error), waits up to 10 s for the dead server's
     * processes to end (while one is attached to its shared memory, a new server refuses to start), then
     * starts. Does nothing once {@link #close() closed}.
     *
     * @return whether it restarted (false: closed)
     * @throws IOException when the new server did not start (the caller may try again)
     */
    public synchronized boolean restart() throws IOException {
        if (closed) {
            return false;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        } else {
            // The last restart failed inside zonky's constructor after it had locked epg-lock, and the lock's
            // channel leaked: this JVM would refuse to lock that file again. The server's own postmaster.pid
            // still keeps a second server off the directory.
            Files.deleteIfExists(dataDirectory.resolve("epg-lock"));
        }
        awaitExit(serverProcesses);
        postgres = launch(dataDirectory, port);
        log.info("embedded PostgreSQL restarted on port {} with data in {}", port, dataDirectory);
        return true;
    }

    /** Whether {@link #close()} was called: the orchestrator is shutting down. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); no restart after this. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    static OptionalLong postmasterPid(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(lines.getFirst().trim()));
        } catch (IOException | RuntimeException absentOrBeingWritten) {
            return OptionalLong.empty();
        }
    }

    /**
     * Alive and not a zombie: the killed postmaster is reparented to an init that may never reap it, and
     * {@link ProcessHandle#isAlive()} is true for a zombie.
     */
    static boolean alive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException noProcFileSystem) {
            return process.isAlive();
        }
    }

    private static void awaitExit(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + CHILDREN_EXIT_WAIT.toNanos();
        for (ProcessHandle process : processes) {
            while (alive(process) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (alive(process)) {
                log.warn("process {} of the dead PostgreSQL is still running; starting anyway", process.pid());
            }
        }
    }
}
