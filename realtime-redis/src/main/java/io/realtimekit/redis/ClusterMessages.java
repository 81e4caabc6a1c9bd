package io.realtimekit.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages nodes exchange over Redis pub/sub, as JSON: written by the sending node's {@link
 * RedisDelivery}, read by each receiving node, which hands the event to its own sockets.
 *
 * <p>Every message names its origin node ({@code "o"}, a node ignores its own), its kind ({@code
 * "k"}: {@code u} user, {@code r} role, {@code c} company, {@code m} users listed for one node,
 * {@code p} presence, {@code x} close) and company ({@code "c"}); an event carries its name, data
 * and transient flag ({@code "n"}, {@code "d"}, {@code "t"}) and, when kept, its position ({@code
 * "e"}, {@code "s"}).
 */
final class ClusterMessages {
  private static final Logger log = LoggerFactory.getLogger(ClusterMessages.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String me;
  private final DeliveryPort local;

  /**
   * @param me this node's id
   * @param local this node's sockets, which receive the events read
   */
  ClusterMessages(String me, DeliveryPort local) {
    this.me = me;
    this.local = local;
  }

  // ---------------------------------------------------------------- writing

  String user(CompanyId companyId, UserId userId, OutboundEvent event) {
    return envelope("u", companyId, event).put("u", userId.value()).toString();
  }

  String role(CompanyId companyId, Role role, OutboundEvent event) {
    return envelope("r", companyId, event).put("r", role.name()).toString();
  }

  String company(CompanyId companyId, OutboundEvent event) {
    return envelope("c", companyId, event).toString();
  }

  /**
   * A node-channel message: the {@code users} ({@code "us"}) that node holds and, for an event kept
   * in each user's own stream, each one's position ({@code "ps"}: {@code [epoch, offset]} pairs in
   * the order of {@code "us"}); {@code positions} is null otherwise.
   */
  String listed(
      CompanyId companyId,
      List<UserId> users,
      Map<UserId, StreamPosition> positions,
      OutboundEvent event) {
    ObjectNode m = envelope("m", companyId, event);
    ArrayNode us = m.putArray("us");
    ArrayNode kept = positions == null ? null : m.putArray("ps");
    for (UserId u : users) {
      us.add(u.value());
      if (kept != null) {
        StreamPosition p = positions.get(u);
        kept.addArray().add(p.epoch()).add(p.offset());
      }
    }
    return m.toString();
  }

  /**
   * A presence diff: carries the subject's roles ({@code "rs"}) and, for nodes of an earlier
   * version, whether it is only a visitor ({@code "v"}).
   */
  String presence(
      CompanyId companyId, UserId subject, Set<Role> subjectRoles, OutboundEvent event) {
    ObjectNode m =
        envelope("p", companyId, event)
            .put("u", subject.value())
            .put("v", Role.isOnlyVisitor(subjectRoles));
    ArrayNode roles = m.putArray("rs");
    subjectRoles.forEach(r -> roles.add(r.name()));
    return m.toString();
  }

  String close(CompanyId companyId, UserId userId, CloseReason why, String reason) {
    return JSON.createObjectNode()
        .put("o", me)
        .put("k", "x")
        .put("c", companyId.toString())
        .put("u", userId.value())
        .put("cr", why.name())
        .put("why", reason)
        .toString();
  }

  private ObjectNode envelope(String kind, CompanyId companyId, OutboundEvent event) {
    ObjectNode m =
        JSON.createObjectNode()
            .put("o", me)
            .put("k", kind)
            .put("c", companyId.toString())
            .put("n", event.name())
            .put("d", event.dataJson())
            .put("t", event.transientEvent());
    if (event.isKept()) {
      // kept once by the sending node in the shared stream: the receiving nodes write its position
      m.put("e", event.position().epoch()).put("s", event.offset());
    }
    return m;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Hands a message another node published on {@code channel} to this node's sockets; ignores this
   * node's own, drops (logged) one it cannot read.
   */
  void deliver(String channel, String message) {
    try {
      JsonNode m = JSON.readTree(message);
      if (me.equals(m.path("o").asText())) {
        return;
      }
      CompanyId company = CompanyId.of(m.path("c").asText());
      String kind = m.path("k").asText();
      if ("x".equals(kind)) {
        // earlier versions sent the close code of a kick, the only close they relayed
        CloseReason why =
            m.hasNonNull("cr") ? CloseReason.valueOf(m.path("cr").asText()) : CloseReason.KICKED;
        local.closeUser(company, UserId.of(m.path("u").asText()), why, m.path("why").asText());
        return;
      }
      OutboundEvent event =
          new OutboundEvent(m.path("n").asText(), m.path("d").asText(), m.path("t").asBoolean());
      if (m.hasNonNull("e") && m.path("s").canConvertToLong()) {
        event = event.withPosition(new StreamPosition(m.path("e").asText(), m.path("s").asLong()));
      }
      switch (kind) {
        case "u" -> local.toUser(company, UserId.of(m.path("u").asText()), event);
        case "r" -> local.toRole(company, Role.of(m.path("r").asText()), event);
        case "c" -> local.toCompany(company, event);
        case "m" -> toListed(company, m, event);
        case "p" ->
            local.toPresenceWatchers(
                company, UserId.of(m.path("u").asText()), subjectRoles(m), event);
        default -> log.warn("unknown cluster message kind {} on {}", kind, channel);
      }
    } catch (Exception e) {
      log.warn("unreadable cluster message on {} dropped: {}", channel, e.toString());
    }
  }

  /** A node-channel message: each listed user's sockets, at its own position if given. */
  private void toListed(CompanyId company, JsonNode m, OutboundEvent event) {
    JsonNode kept = m.path("ps");
    int i = 0;
    for (JsonNode u : m.path("us")) {
      JsonNode p = kept.path(i++);
      OutboundEvent e =
          p.isArray() && p.path(1).canConvertToLong()
              ? event.withPosition(new StreamPosition(p.path(0).asText(), p.path(1).asLong()))
              : event;
      local.toUser(company, UserId.of(u.asText()), e);
    }
  }

  /**
   * The subject's roles of a presence message; from {@code "v"} when an earlier version sent it.
   */
  private static Set<Role> subjectRoles(JsonNode m) {
    JsonNode rs = m.get("rs");
    if (rs == null || !rs.isArray()) {
      return m.path("v").asBoolean() ? Set.of(Role.VISITOR) : Set.of();
    }
    Set<Role> roles = new HashSet<>();
    rs.forEach(r -> roles.add(Role.of(r.asText())));
    return roles;
  }
}
