package dev.corvid.template;

import java.util.Objects;

/**
 * One turn of a conversation, as a chat template sees it: {@code message.role} and {@code message.content}.
 *
 * <pre>{@code new ChatMessage("user", "What's the capital of France?")}</pre>
 */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
