package io.realtimekit.application.chat;

/**
 * The wire event names of chat, as clients emit and receive them. The same names serve every
 * protocol (native frames and Socket.IO events).
 */
public final class ChatEvents {
  private ChatEvents() {}

  /** A direct message: emitted by the sender ({@code {to, message}}), received by the receiver. */
  public static final String MESSAGE = "chat:message";

  /** A typing indicator ({@code {to, typing}}), transient. */
  public static final String TYPING = "chat:typing";

  /** A delivery receipt ({@code {id}}): emitted by the receiver, received by the sender. */
  public static final String DELIVERED = "chat:delivered";

  /** A read receipt ({@code {id}}): emitted by the receiver, received by the sender. */
  public static final String READ = "chat:read";
}
