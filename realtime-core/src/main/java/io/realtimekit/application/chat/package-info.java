/**
 * Direct chat: {@code SendChatMessage}, typing indicators, delivery and read receipts, and the
 * {@code chat:*} client events.
 */
package io.realtimekit.application.chat;
