package io.realtimekit.application.chat;

import java.time.Instant;

/**
 * What the sender of a delivered chat message learns.
 *
 * @param messageId the server-set id of the message
 * @param sentAt the server-set time of the message
 * @param deliveredConnections how many sockets of the receiver got it
 */
public record ChatMessageReceipt(String messageId, Instant sentAt, int deliveredConnections) {}
