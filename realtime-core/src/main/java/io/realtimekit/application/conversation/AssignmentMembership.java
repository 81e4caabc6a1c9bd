package io.realtimekit.application.conversation;

import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.ConversationRepository;
import io.realtimekit.domain.conversation.Participant;
import io.realtimekit.domain.conversation.ParticipantRole;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.domain.event.VisitorUnassigned;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership that follows assignment, from its domain events only: on {@link VisitorAssigned} the
 * commercial joins as {@link ParticipantRole#AGENT} the open conversations where the visitor is the
 * {@link ParticipantRole#VISITOR}, or a new one is opened with both; on {@link VisitorUnassigned}
 * (transfer, release, commercial offline, visitor gone) the commercial leaves them. A transfer,
 * unassigned from A then assigned to B, so pushes {@code conversation:leave} for A, then {@code
 * conversation:join} for B, in that order.
 */
final class AssignmentMembership {
  private static final Logger log = LoggerFactory.getLogger(AssignmentMembership.class);

  private final ConversationRepository conversations;
  private final ConversationHandler handler;
  private final Clock clock;

  AssignmentMembership(
      ConversationRepository conversations, ConversationHandler handler, Clock clock) {
    this.conversations = conversations;
    this.handler = handler;
    this.clock = clock;
  }

  /** Subscribes to the assignment events. */
  Registration subscribeTo(EventBus events) {
    List<Registration> regs =
        List.of(
            events.subscribe(VisitorAssigned.class, this::assigned),
            events.subscribe(VisitorUnassigned.class, this::unassigned));
    return () -> regs.forEach(Registration::close);
  }

  void assigned(VisitorAssigned e) {
    List<Conversation> mine = visitorsConversations(e.companyId(), e.visitorId());
    if (mine.isEmpty()) {
      report(
          handler.open(
              new OpenConversation(
                  e.companyId(),
                  ConversationId.random(),
                  List.of(
                      new Participant(e.visitorId(), ParticipantRole.VISITOR),
                      new Participant(e.commercialId(), ParticipantRole.AGENT)))),
          e.companyId());
      return;
    }
    for (Conversation c : mine) {
      report(
          handler.update(
              e.companyId(),
              c.id(),
              v -> v.addParticipant(e.commercialId(), ParticipantRole.AGENT, clock.instant())),
          e.companyId());
    }
  }

  void unassigned(VisitorUnassigned e) {
    for (Conversation c : visitorsConversations(e.companyId(), e.visitorId())) {
      if (c.roleOf(e.commercialId()).orElse(null) == ParticipantRole.AGENT) {
        report(
            handler.update(
                e.companyId(), c.id(), v -> v.removeParticipant(e.commercialId(), clock.instant())),
            e.companyId());
      }
    }
  }

  private List<Conversation> visitorsConversations(CompanyId company, UserId visitor) {
    return conversations.openOf(company, visitor).stream()
        .filter(c -> c.roleOf(visitor).orElse(null) == ParticipantRole.VISITOR)
        .toList();
  }

  private static void report(Result<Conversation> result, CompanyId company) {
    if (!result.isOk()) {
      log.warn(
          "conversation membership of company {} not changed by assignment: {}",
          company,
          result.failure());
    }
  }
}
