package dev.corvid.template;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatTemplateErrorTest {
    private static final List<ChatMessage> HELLO = List.of(new ChatMessage("user", "hello"));

    private static ChatTemplateException failure(String template) {
        return assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of(template, "", "").render(HELLO, true));
    }

    @Test
    void syntaxErrorReportsItsLine() {
        ChatTemplateException e = failure("{% for m in messages %}\n{{ m.content }}\n{% if %}\n{% endfor %}");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("chat template line 3: "), e.getMessage());
    }

    @Test
    void unclosedBlockIsAnError() {
        assertTrue(failure("line one\n{% for m in messages %}{{ m.content }}").line() > 0);
    }

    @Test
    void raiseExceptionReportsTheTemplatesMessageAndLine() {
        ChatTemplateException e = failure(
                "{% if messages[0].role != 'system' %}\n{{ raise_exception('Conversation must start with system') }}"
                        + "\n{% endif %}");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("raise_exception: Conversation must start with system"), e.getMessage());
    }

    @Test
    void badToJsonArgumentIsAnError() {
        assertTrue(failure("{{ messages | tojson(colour=1) }}").getMessage().contains("colour"));
    }
}
