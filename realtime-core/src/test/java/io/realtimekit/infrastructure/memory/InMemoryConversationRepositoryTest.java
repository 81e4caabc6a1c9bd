package io.realtimekit.infrastructure.memory;

import io.realtimekit.domain.conversation.ConversationRepository;
import io.realtimekit.domain.conversation.ConversationRepositoryContract;

/**
 * The conversation contract against the in-memory repository. Every assertion lives in {@link
 * ConversationRepositoryContract}.
 */
class InMemoryConversationRepositoryTest extends ConversationRepositoryContract {
  @Override
  protected ConversationRepository newRepository() {
    return new InMemoryConversationRepository();
  }
}
