package dev.corvid.template;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A template is data from a file: one that would run for ages or fill memory fails instead. */
class ChatTemplateLimitsTest {
    private static final List<ChatMessage> CHAT = List.of(new ChatMessage("user", "hi"));

    private static ChatTemplateException failure(String source) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThrows(ChatTemplateException.class, () -> ChatTemplate.of(source, "", "").render(CHAT, true)));
    }

    @Test
    void nestedLoopsStopAtTheDeadline() {
        ChatTemplateException e = failure("""
                {% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}\
                {% endfor %}{% endfor %}{% endfor %}x""");
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void exponentialRecursionStopsAtTheDeadline() {
        ChatTemplateException e = failure("""
                {% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}""");
        assertTrue(e.getMessage().contains("longer than") || e.getMessage().contains("too large")
                || e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void aStringThatDoublesForeverHitsTheSizeLimit() {
        failure("{% set s = 'ab' %}{% for i in range(60) %}{% set s = s ~ s %}{% endfor %}{{ s }}");
    }

    @Test
    void hugeOutputHitsTheOutputLimit() {
        failure("{% for i in range(1000) %}{% for j in range(1000) %}{{ 'x' * 100 }}{% endfor %}{% endfor %}");
    }
}
