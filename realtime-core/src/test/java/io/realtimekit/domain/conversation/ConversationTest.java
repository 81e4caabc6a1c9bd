package io.realtimekit.domain.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.ConversationClosed;
import io.realtimekit.domain.event.ConversationMessageSent;
import io.realtimekit.domain.event.ConversationOpened;
import io.realtimekit.domain.event.ConversationRead;
import io.realtimekit.domain.event.ParticipantAdded;
import io.realtimekit.domain.event.ParticipantRemoved;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConversationTest {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
  private final CompanyId company = CompanyId.of(UUID.randomUUID());
  private final UserId visitor = UserId.of("v");
  private final UserId agent = UserId.of("a");
  private final UserId observer = UserId.of("o");

  private Conversation conversation() {
    return Conversation.open(
            ConversationId.random(),
            company,
            List.of(
                new Participant(visitor, ParticipantRole.VISITOR),
                new Participant(agent, ParticipantRole.AGENT),
                new Participant(observer, ParticipantRole.OBSERVER)),
            T)
        .conversation();
  }

  @Test
  void conversationIdsAreUuids() {
    String id = UUID.randomUUID().toString();
    assertThat(ConversationId.of(id.toUpperCase()).value()).isEqualTo(id);
    for (String bad :
        new String[] {
          null,
          "",
          "abc",
          "not-a-uuid-not-a-uuid-not-a-uuid-1234",
          "0-0-0-0-0",
          id + "x",
          " " + id.substring(1),
          "{" + id.substring(1, 35) + "}"
        }) {
      assertThatThrownBy(() -> ConversationId.of(bad))
          .isInstanceOf(DomainException.class)
          .hasMessageContaining("conversationId must be a UUID");
    }
  }

  @Test
  void rolesHaveWireNames() {
    assertThat(ParticipantRole.fromWire("Observer")).isEqualTo(ParticipantRole.OBSERVER);
    assertThat(ParticipantRole.AGENT.wireName()).isEqualTo("agent");
    assertThatThrownBy(() -> ParticipantRole.fromWire("admin")).isInstanceOf(DomainException.class);
  }

  @Test
  void openingRaisesOpenedWithTheParticipants() {
    ConversationId id = ConversationId.random();
    Conversation.Change ch =
        Conversation.open(
            id, company, List.of(new Participant(visitor, ParticipantRole.VISITOR)), T);
    assertThat(ch.events())
        .singleElement()
        .isInstanceOfSatisfying(
            ConversationOpened.class,
            e -> {
              assertThat(e.conversationId()).isEqualTo(id);
              assertThat(e.participants())
                  .containsExactly(new Participant(visitor, ParticipantRole.VISITOR));
            });
    assertThat(ch.conversation().isOpen()).isTrue();
    assertThat(ch.conversation().version()).isZero();
    assertThatThrownBy(() -> Conversation.open(id, company, List.of(), T))
        .isInstanceOf(DomainException.class);
    assertThatThrownBy(
            () ->
                Conversation.open(
                    id,
                    company,
                    List.of(
                        new Participant(visitor, ParticipantRole.VISITOR),
                        new Participant(visitor, ParticipantRole.AGENT)),
                    T))
        .hasMessageContaining("twice");
  }

  @Test
  void membershipChangesAreEventsAndNoOpsRaiseNone() {
    Conversation c = conversation();
    UserId second = UserId.of("a2");
    Conversation.Change added = c.addParticipant(second, ParticipantRole.AGENT, T).value();
    assertThat(added.events()).singleElement().isInstanceOf(ParticipantAdded.class);
    assertThat(c.isParticipant(second)).isFalse();
    assertThat(added.conversation().roleOf(second)).contains(ParticipantRole.AGENT);
    assertThat(
            added.conversation().addParticipant(second, ParticipantRole.AGENT, T).value().changed())
        .isFalse();

    Conversation.Change removed = added.conversation().removeParticipant(agent, T).value();
    assertThat(removed.events())
        .singleElement()
        .isInstanceOfSatisfying(
            ParticipantRemoved.class, e -> assertThat(e.role()).isEqualTo(ParticipantRole.AGENT));
    assertThat(removed.conversation().removeParticipant(agent, T).value().changed()).isFalse();
  }

  @Test
  void messagesCheckTheSender() {
    Conversation c = conversation();
    Result<Conversation.Change> ok = c.sendMessage(agent, "m1", "hello", false, T);
    assertThat(ok.value().events())
        .singleElement()
        .isInstanceOfSatisfying(
            ConversationMessageSent.class, e -> assertThat(e.message()).isEqualTo("hello"));
    assertThat(c.sendMessage(UserId.of("stranger"), "m2", "hi", false, T).failure().code())
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(c.sendMessage(observer, "m3", "hi", false, T).failure().code())
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(c.sendMessage(observer, "m3", "hi", true, T).isOk()).isTrue();
    assertThatThrownBy(
            () ->
                c.sendMessage(
                    agent, "m4", "x".repeat(Conversation.MAX_MESSAGE_LENGTH + 1), false, T))
        .isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> c.sendMessage(agent, "m4", "", false, T))
        .isInstanceOf(DomainException.class);
  }

  @Test
  void aClosedConversationRefusesWithConflict() {
    Conversation.Change closed = conversation().close(T);
    assertThat(closed.events()).singleElement().isInstanceOf(ConversationClosed.class);
    Conversation c = closed.conversation();
    assertThat(c.close(T).changed()).isFalse();
    assertThat(c.sendMessage(agent, "m", "hi", false, T).failure())
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(ErrorCode.CONFLICT);
              assertThat(f.message()).isEqualTo("conversation closed");
            });
    assertThat(c.addParticipant(UserId.of("x"), ParticipantRole.AGENT, T).failure().code())
        .isEqualTo(ErrorCode.CONFLICT);
    assertThat(c.markRead(agent, "m", T).failure().code()).isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void readStateIsPerParticipant() {
    Conversation c = conversation();
    Conversation.Change read = c.markRead(visitor, "m1", T).value();
    assertThat(read.events())
        .singleElement()
        .isInstanceOfSatisfying(ConversationRead.class, e -> assertThat(e.upTo()).isEqualTo("m1"));
    assertThat(read.conversation().readState()).containsEntry(visitor, "m1").hasSize(1);
    assertThat(read.conversation().markRead(visitor, "m1", T).value().changed()).isFalse();
    assertThat(c.markRead(UserId.of("x"), "m1", T).failure().code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThatThrownBy(() -> c.markRead(visitor, "", T)).isInstanceOf(DomainException.class);
    Conversation gone = read.conversation().removeParticipant(visitor, T).value().conversation();
    assertThat(gone.readState()).isEmpty();
  }

  @Test
  void primitivesRoundTrip() {
    Conversation c = conversation().markRead(agent, "m9", T).value().conversation().withVersion(7);
    assertThat(Conversation.fromPrimitives(c.toPrimitives())).isEqualTo(c);
  }
}
