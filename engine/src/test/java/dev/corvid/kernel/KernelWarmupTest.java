package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

class KernelWarmupTest {
    /** Every matrix type a file may hold, repacked or not, goes through the warm-up without error. */
    @Test
    void warmsUpEveryMatrixTypeAndEnds() {
        KernelWarmup.start(EnumSet.allOf(GgmlType.class)).await();
    }
}
