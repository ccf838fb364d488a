package dev.corvid.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Jinja2 behaviours a chat template relies on. */
class ChatTemplateRenderingTest {
    private static final List<ChatMessage> HELLO = List.of(new ChatMessage("user", "hello"));

    private static String render(String template) {
        return ChatTemplate.of(template, "<s>", "</s>").render(HELLO, true);
    }

    @Test
    void oneTrailingNewlineOfTheSourceIsDropped() {
        assertEquals("x\n", render("x\n\n"));
        assertEquals("x", render("x\r\n"));
        assertEquals("a\nb", render("a\r\nb"));
    }

    @Test
    void trailingNewlineProducedByAnExpressionIsKept() {
        assertEquals("x\n", render("{{ 'x\\n' }}"));
    }

    @Test
    void blocksTrimTheirLineAsJinja2DoesWithTrimAndLstrip() {
        assertEquals("  0\n  1\n", render("{% for x in range(2) %}\n  {{ x }}\n  {% endfor %}\n"));
        assertEquals("ab", render("a\n  {{- 'b' -}}\n  "));
        // Expected strings from Python Jinja2 (trim_blocks, lstrip_blocks).
        assertEquals("\nx", render("{% if true %}\n\nx{% endif %}\n"));
        assertEquals("\n{{ y }}z", render("{% raw %}\n{{ y }}{% endraw %}\nz"));
        assertEquals("x", render("{% if true -%}\n   x\n{%- endif %}\n"));
        assertEquals("x\n  y", render("{# c #}\nx\n  {# d #}\n  y"));
        assertEquals("    1\n    2\n", render(
                "{% for i in [1,2] %}\n  {% if i %}\n    {{ i }}\n  {% endif %}\n{% endfor %}\n"));
    }

    @Test
    void variablesAreThere() {
        assertEquals("<s>|</s>|yes|user:hello", render(
                "{{ bos_token }}|{{ eos_token }}|{{ 'yes' if add_generation_prompt else 'no' }}|"
                        + "{{ messages[0].role }}:{{ messages[0]['content'] }}"));
        assertEquals("no tools", render("{% if tools is defined %}tools{% else %}no tools{% endif %}"));
    }

    @Test
    void toolsArePassedWhenGiven() {
        String out = ChatTemplate.of("{{ tools | tojson }}", "", "")
                .render(HELLO, List.of(Map.of("name", "f")), false);
        assertEquals("[{\"name\": \"f\"}]", out);
    }

    @Test
    void recursiveMacrosWorkAsInJinja2() {
        assertEquals("321", render("{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
                + "{{ f(3) }}"));
    }
}
