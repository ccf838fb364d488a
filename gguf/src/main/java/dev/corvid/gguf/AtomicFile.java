package dev.corvid.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file that appears whole or not at all: the bytes go to a temporary file beside the
 * target, which is renamed over it only when complete. An error leaves neither a partial file nor
 * the temporary one, and any previous file at the target untouched.
 *
 * <pre>{@code
 * AtomicFile.write(Path.of("out/p1.tokens.txt"), ch -> AtomicFile.writeFully(ch, ByteBuffer.wrap(bytes)));
 * }</pre>
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Fills the file through a channel. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        Path tmp = temporaryBeside(target);
        try {
            // CREATE_NEW, not Files.createTempFile: that one makes the file private (0600) on POSIX, and
            // the rename would hand that mode on to a file others must read.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes all of {@code buffer}: one {@code write} call may take only part of it. */
    public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** A fresh name in the target's folder, so the final rename stays on one file system. */
    private static Path temporaryBeside(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        return dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }
}
