package io.realtimekit.domain.conversation;

import io.realtimekit.domain.UserId;
import java.util.Optional;

/**
 * The host's veto on conversation messages (moderation): asked for every message a participant may
 * send, before it is delivered. A refusal reaches the sender as {@code FORBIDDEN} with the reason,
 * and nobody else sees the message. Must be fast and thread-safe: it runs on the message's hot
 * path.
 */
@FunctionalInterface
public interface ConversationPolicy {

  /** Accepts every message (the default). */
  ConversationPolicy ALLOW_ALL = (conversation, from, message) -> Optional.empty();

  /**
   * Empty to accept the message; a short, client-safe reason to refuse it.
   *
   * @param conversation the conversation as it is now
   * @param from the sender, a participant allowed to send
   * @param message the text
   */
  Optional<String> refusal(Conversation conversation, UserId from, String message);
}
