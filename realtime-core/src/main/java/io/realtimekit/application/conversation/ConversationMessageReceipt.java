package io.realtimekit.application.conversation;

import java.time.Instant;

/**
 * What the sender of an accepted conversation message learns.
 *
 * @param messageId the server-set id of the message
 * @param sentAt the server-set time of the message
 * @param deliveredConnections how many sockets (and, in a cluster, other nodes) it was handed to
 */
public record ConversationMessageReceipt(
    String messageId, Instant sentAt, int deliveredConnections) {}
