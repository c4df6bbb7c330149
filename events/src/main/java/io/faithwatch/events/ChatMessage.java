package io.faithwatch.events;

/** One turn of a chat prompt. An assistant turn in a prompt is a prefilled answer (the consistency hint). */
public record ChatMessage(ChatRole role, String content) {
    public ChatMessage {
        Wire.required(role, "role");
        Wire.required(content, "content");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(ChatRole.SYSTEM, content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(ChatRole.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(ChatRole.ASSISTANT, content);
    }
}
