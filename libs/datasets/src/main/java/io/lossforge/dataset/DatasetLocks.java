package io.lossforge.dataset;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Mutual exclusion per dataset, between threads and between processes sharing a data root (a CLI fetch
 * next to running trainers), so that a dataset is fetched and converted once.
 *
 * <p>Two layers, because a file lock is held per process: a JVM may not lock a file region twice (it
 * throws {@code OverlappingFileLockException}), so threads first queue on an in-process lock per lock
 * file, shared by every repository of the JVM; the winner then takes the file lock. Lock files are left
 * in place: deleting one while another process waits on it would let a third lock a new file.
 */
final class DatasetLocks {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private DatasetLocks() {}

    /** Runs {@code action} holding the lock on {@code lockFile}; not reentrant across calls for one file. */
    static <T> T withLock(Path lockFile, Supplier<T> action) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock lock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw Failures.writing(key, e);
        } finally {
            lock.unlock();
        }
    }
}
