/**
 * Conversations: a chat with several participants (a visitor, agents, observers) of one company.
 * The immutable {@code Conversation} aggregate, its value objects, the {@code ConversationPolicy}
 * veto hook and the {@code ConversationRepository} SPI.
 */
package io.realtimekit.domain.conversation;
