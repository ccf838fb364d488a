package dev.corvid.generate;

import java.util.List;

/**
 * Finds stop strings in streamed text. Text that could still turn into a stop string is held
 * back, so a caller never sees the beginning of a stop string that then completes.
 */
final class StopStrings {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    StopStrings(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Adds generated text; returns the part that is now safe to show. */
    String accept(String text) {
        pending.append(text);
        int earliest = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
            }
        }
        if (earliest >= 0) {
            stopped = true;
            String shown = pending.substring(0, earliest);
            pending.setLength(0);
            return shown;
        }
        int keep = longestSuffixThatStartsAStop();
        String shown = pending.substring(0, pending.length() - keep);
        pending.delete(0, pending.length() - keep);
        return shown;
    }

    /** Text held back; at the end of a generation it is shown after all. */
    String flush() {
        String rest = pending.toString();
        pending.setLength(0);
        return rest;
    }

    boolean stopped() {
        return stopped;
    }

    private int longestSuffixThatStartsAStop() {
        int best = 0;
        String text = pending.toString();
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, text.length()); len > best; len--) {
                if (text.regionMatches(text.length() - len, stop, 0, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
