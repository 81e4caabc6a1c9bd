package io.realtimekit.application.chat;

import java.time.Instant;

/**
 * What the sender of a delivered chat message learns.
 *
 * @param messageId the server-set id of the message
 * @param sentAt the server-set time of the message
 * @param deliveredConnections how many sockets of the receiver got it
 * @param pending true when no socket of the receiver got it now but it was kept in the receiver's
 *     stream, to be delivered when it reconnects inside the stream's window (a page reload)
 */
public record ChatMessageReceipt(
    String messageId, Instant sentAt, int deliveredConnections, boolean pending) {
  /** A receipt of a message handed to at least one socket. */
  public ChatMessageReceipt(String messageId, Instant sentAt, int deliveredConnections) {
    this(messageId, sentAt, deliveredConnections, false);
  }
}
