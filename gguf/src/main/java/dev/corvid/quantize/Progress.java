package dev.corvid.quantize;

/** Told how many of the values to process are done; called from worker threads. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> { };

    void update(long valuesDone, long valuesTotal);
}
