package org.batchgfn.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive, process-wide lock on a run folder (an OS file lock on {@code .lock} inside it), so two benchmark
 * processes never write the same results. Released by {@link #close()} or when the process dies, so a killed run
 * can always be resumed.
 */
public final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock without waiting.
     *
     * @param runDir the run folder (must exist)
     * @return the held lock
     * @throws RunLockedException if another process (or this one) holds it
     * @throws IOException        if the lock file cannot be opened
     */
    public static RunLock acquire(Path runDir) throws IOException {
        Path file = runDir.resolve(".lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new RunLockedException("results folder " + runDir + " is in use by another batchgfn bench process;"
                    + " wait for it to finish (or stop it) and run the command again to resume");
        }
        return new RunLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Thrown when a run folder is locked by another process. */
    public static final class RunLockedException extends IOException {
        private static final long serialVersionUID = 1L;

        /** @param message what is locked and what to do */
        public RunLockedException(String message) {
            super(message);
        }
    }
}
