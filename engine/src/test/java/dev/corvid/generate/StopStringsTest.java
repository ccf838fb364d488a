package dev.corvid.generate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopStringsTest {

    @Test
    void holdsBackWhatMightBecomeAStopString() {
        StopStrings s = new StopStrings(List.of("END"));
        assertEquals("hello ", s.accept("hello E"));
        assertEquals("", s.accept("N"));
        assertEquals("ENx", s.accept("x"));
        assertFalse(s.stopped());
    }

    @Test
    void cutsBeforeTheEarliestStopString() {
        StopStrings s = new StopStrings(List.of("\n\n", "User:"));
        assertEquals("a", s.accept("a"));
        assertEquals("b", s.accept("bUser: \n\n"));
        assertTrue(s.stopped());
    }

    @Test
    void flushShowsHeldBackText() {
        StopStrings s = new StopStrings(List.of("###"));
        assertEquals("x", s.accept("x##"));
        assertEquals("##", s.flush());
    }

    @Test
    void withoutStopStringsEverythingPasses() {
        StopStrings s = new StopStrings(List.of(""));
        assertEquals("abc", s.accept("abc"));
        assertFalse(s.stopped());
    }
}
