package dev.corvid.template;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A template is data from a model file: it must not reach Java classes, files or the network. */
class ChatTemplateSandboxTest {
    private static final List<ChatMessage> HELLO = List.of(new ChatMessage("user", "hello"));

    private static String render(String template, List<ChatMessage> messages) {
        return ChatTemplate.of(template, "<s>", "</s>").render(messages, false);
    }

    private static ChatTemplateException refused(String template) {
        return assertThrows(ChatTemplateException.class, () -> render(template, HELLO));
    }

    @Test
    void getClassIsRefused() {
        assertTrue(refused("{{ messages.getClass() }}").getMessage().contains("getClass"));
        refused("{{ messages.getClass().forName('java.lang.Runtime') }}");
        refused("{{ 'x'.getClass() }}");
    }

    @Test
    void classPropertyIsUndefined() {
        assertEquals("[]", render("[{{ messages.class }}{{ 'x'.class.name }}]", HELLO));
    }

    @Test
    void methodsOfObjectsOutsideTheAllowListAreRefused() {
        // describeConstable() returns an Optional: Jinjava's own resolver would let .get() through.
        ChatTemplateException e = refused("{{ 'x'.describeConstable().get() }}");
        assertTrue(e.getMessage().contains("Optional"), e.getMessage());
        refused("{{ ____int3rpr3t3r____.getConfig() }}");
    }

    @Test
    void plainDataMethodsStillWork() {
        assertEquals("HELLO 1 1 2", render(
                "{{ messages[0].content.toUpperCase() }} {{ messages|length }} {{ [1, 2]|join(' ') }}", HELLO));
        assertEquals("a,b,", render("{% for x in ['a', 'b'] %}{{ x }},{% endfor %}", HELLO));
    }

    @Test
    void includeImportFromAndExtendsLoadNothing() {
        String[] loaders = {"{% include '/etc/passwd' %}", "{% include 'dev/corvid/template/ChatTemplate.class' %}",
                "{% import '/etc/passwd' as p %}{{ p }}", "{% from '/etc/hosts' import x %}{{ x }}",
                "{% extends '/etc/passwd' %}"};
        for (String loader : loaders) {
            ChatTemplateException e = refused("before\n" + loader);
            assertEquals(2, e.line(), e.getMessage());
            assertTrue(e.getMessage().contains("may not load"), e.getMessage());
        }
    }

    @Test
    void messageTextIsNeverRenderedAsTemplate() {
        String[] hostile = {"{{ 7*7 }}", "{% raw %}", "{% endraw %}{{ 7*7 }}", "{% include '/etc/passwd' %}",
                "{{ messages.getClass() }}", "{# comment", "}}{{"};
        for (String text : hostile) {
            assertEquals("[" + text + "]",
                    render("[{{ messages[0]['content'] }}]", List.of(new ChatMessage("user", text))));
        }
    }

    @Test
    void rawBlockInTheTemplateItselfIsLiteral() {
        assertEquals("{{ 7*7 }} 49", render("{% raw %}{{ 7*7 }}{% endraw %} {{ 7*7 }}", HELLO));
    }
}
