package io.realtimekit.application.conversation;

/**
 * The wire event names of conversations, as clients emit and receive them. The same names serve
 * every protocol (native frames and Socket.IO events).
 */
public final class ConversationEvents {
  private ConversationEvents() {}

  /**
   * A message: emitted by a participant ({@code {conversationId, message}}, reply {@code {id,
   * sentAt}}), received by every participant's sockets ({@code {id, conversationId, from, message,
   * sentAt}}), the sender's own sockets included.
   */
  public static final String MESSAGE = "conversation:message";

  /**
   * Typing: emitted {@code {conversationId, typing}}, received by the others {@code
   * {conversationId, from, typing}}; transient.
   */
  public static final String TYPING = "conversation:typing";

  /**
   * Read state: emitted {@code {conversationId, upTo}}, received by the others {@code
   * {conversationId, by, upTo, at}}.
   */
  public static final String READ = "conversation:read";

  /** Pushed to the participants when a user joins: {@code {conversationId, userId, role}}. */
  public static final String JOIN = "conversation:join";

  /**
   * Pushed to the participants (the leaving one included) when a user leaves: {@code
   * {conversationId, userId, role}}.
   */
  public static final String LEAVE = "conversation:leave";

  /** Pushed to the participants when the conversation is closed: {@code {conversationId}}. */
  public static final String CLOSED = "conversation:closed";

  /**
   * Emitted {@code {}}; reply {@code {conversations:[{id, participants:[{userId, role}], open,
   * read}]}}: the caller's open conversations.
   */
  public static final String LIST = "conversation:list";
}
