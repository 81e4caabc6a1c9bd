package io.realtimekit.application.conversation;

import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.Participant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The one place where a conversation event reaches its participants: every socket of every
 * participant (but one, when told), on every node, through {@link DeliveryPort#toUsers} (one
 * message per node in a cluster). Everything the conversation feature pushes goes through {@link
 * #deliver}, so that it can later be routed through a per-user kept-event stream in one change.
 */
final class ConversationFanout {
  private final DeliveryPort delivery;
  private final JsonEncoder json;

  ConversationFanout(DeliveryPort delivery, JsonEncoder json) {
    this.delivery = delivery;
    this.json = json;
  }

  /**
   * Hands {@code event} to the participants of {@code conversation} (as it is now), but {@code
   * except} when not null.
   *
   * @return the sockets (and other nodes) reached
   * @throws io.realtimekit.application.port.DeliveryException when the other nodes are unreachable
   *     and nobody was reached (never for a transient event)
   */
  int deliver(Conversation conversation, OutboundEvent event, UserId except) {
    Set<UserId> to = new LinkedHashSet<>();
    for (Participant p : conversation.participants()) {
      if (!p.userId().equals(except)) {
        to.add(p.userId());
      }
    }
    return to.isEmpty() ? 0 : delivery.toUsers(conversation.companyId(), to, event);
  }

  /** An event that must arrive, its payload serialised once. */
  OutboundEvent event(String name, Map<String, ?> payload) {
    return OutboundEvent.of(name, json.toJson(payload));
  }

  /** A transient event (dropped under back-pressure), its payload serialised once. */
  OutboundEvent transientEvent(String name, Map<String, ?> payload) {
    return new OutboundEvent(name, json.toJson(payload), true);
  }
}
