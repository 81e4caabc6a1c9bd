package io.realtimekit.application.notification;

/**
 * What the host learns of a notification.
 *
 * @param deliveredConnections how many sockets it was handed to (0 when nobody targeted is
 *     connected)
 */
public record NotificationReceipt(int deliveredConnections) {}
