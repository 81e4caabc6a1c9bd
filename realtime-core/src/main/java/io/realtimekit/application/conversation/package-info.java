/**
 * Conversations: chats with several participants (a visitor, agents, observers) on every node.
 * Commands {@code OpenConversation}, {@code AddParticipant}, {@code RemoveParticipant}, {@code
 * CloseConversation}, {@code SendConversationMessage}, {@code MarkConversationRead}, {@code
 * SendConversationTyping}, the query {@code ListConversations}, the {@code conversation:*} client
 * events ({@code ConversationEvents}) and membership that follows assignment.
 */
package io.realtimekit.application.conversation;
