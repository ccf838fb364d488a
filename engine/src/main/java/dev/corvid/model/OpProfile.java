package dev.corvid.model;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Wall time per operation of the forward pass, for finding where decode time goes: enabled by the
 * system property {@code corvid.profile=true} (a constant when off, so the timers compile away) and
 * printed to stderr at exit, split into one-token (decode) and batched (prefill) calls.
 */
final class OpProfile {
    static final boolean ENABLED = Boolean.getBoolean("corvid.profile");

    enum Op { EMBED, ATTN_NORM, QKV, ROPE_CACHE, ATTENTION, ATTN_OUTPUT, FFN_NORM, GATE_UP, SWIGLU, DOWN, RESIDUAL, OUTPUT_NORM, LM_HEAD }

    private static final Op[] OPS = Op.values();
    /** Per op: nanoseconds and calls, for one-token passes then batches. */
    private static final AtomicLongArray NANOS = new AtomicLongArray(2 * OPS.length);
    private static final AtomicLongArray CALLS = new AtomicLongArray(2 * OPS.length);
    private static final AtomicLongArray PASSES = new AtomicLongArray(2);

    static {
        if (ENABLED) {
            Runtime.getRuntime().addShutdownHook(new Thread(OpProfile::print));
        }
    }

    private OpProfile() {
    }

    /** Adds the time since {@code since} to {@code op}; returns now, the start of the next op. */
    static long add(Op op, int nTokens, long since) {
        long now = System.nanoTime();
        int i = (nTokens == 1 ? 0 : OPS.length) + op.ordinal();
        NANOS.addAndGet(i, now - since);
        CALLS.incrementAndGet(i);
        return now;
    }

    static void pass(int nTokens) {
        PASSES.incrementAndGet(nTokens == 1 ? 0 : 1);
    }

    private static void print() {
        StringBuilder s = new StringBuilder();
        for (int batch = 0; batch < 2; batch++) {
            long passes = PASSES.get(batch);
            if (passes == 0) {
                continue;
            }
            long total = 0;
            for (int o = 0; o < OPS.length; o++) {
                total += NANOS.get(batch * OPS.length + o);
            }
            s.append(String.format(Locale.ROOT, "%n%s: %d passes, %.3f ms per pass%n", batch == 0 ? "decode (1 token)"
                    : "batches", passes, total / 1e6 / passes));
            s.append(String.format(Locale.ROOT, "| %-12s | %10s | %7s | %8s |%n", "op", "ms/pass", "share", "calls"));
            for (int o = 0; o < OPS.length; o++) {
                long nanos = NANOS.get(batch * OPS.length + o);
                s.append(String.format(Locale.ROOT, "| %-12s | %10.3f | %6.1f%% | %8d |%n", OPS[o].name().toLowerCase(Locale.ROOT),
                        nanos / 1e6 / passes, 100.0 * nanos / total, CALLS.get(batch * OPS.length + o)));
            }
        }
        System.err.print(s);
    }
}
