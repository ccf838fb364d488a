package dev.corvid;

import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSmokeTest {
    @Test
    void sharedAssetsAreVisible() {
        assertTrue(SharedAssets.models().toFile().isDirectory());
    }
}
