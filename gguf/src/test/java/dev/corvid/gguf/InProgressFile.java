package dev.corvid.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Watches, from outside, a GGUF file being written: how many bytes its temporary file (the one
 * {@link AtomicFile} writes beside the target) holds at the moments a test chooses, such as when a tensor
 * is being made. A writer that streams has then written exactly the tensors before it.
 */
public final class InProgressFile {
    private final Path target;
    private final Set<Long> sizesSeen = new ConcurrentSkipListSet<>();

    public InProgressFile(Path target) {
        this.target = target;
    }

    /** Notes how many bytes are written so far; safe to call from worker threads. */
    public void look() {
        sizesSeen.add(bytesWritten());
    }

    /**
     * Looks when some values are done, as progress reports them ({@code file::progressed} is a
     * {@code Progress}): pieces finish while their tensor is being made. The first report, of none done,
     * comes before the writing starts.
     */
    public void progressed(long valuesDone, long valuesTotal) {
        if (valuesDone > 0) {
            look();
        }
    }

    /** Bytes in the one temporary file beside the target. */
    public long bytesWritten() {
        String prefix = "." + target.getFileName() + ".";
        try (Stream<Path> files = Files.list(target.toAbsolutePath().getParent())) {
            List<Path> temporary = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(1, temporary.size(), "temporary files of " + target + ": " + temporary);
            return Files.size(temporary.getFirst());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that every look, and no other, saw the file end where one of {@code tensors} starts in the
     * finished file: each look came while such a tensor was being made, after all before it were written.
     */
    public void assertLooksSawTheStartsOf(Collection<String> tensors) throws IOException {
        try (GgufFile f = GgufFile.open(target)) {
            Set<Long> starts = new TreeSet<>();
            tensors.forEach(name -> starts.add(f.dataOffset() + f.tensor(name).offset()));
            assertEquals(starts, sizesSeen, "bytes written when the tensors were made");
        }
    }
}
