package io.realtimekit.redis;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;

/**
 * Every Redis key and channel name of one cluster, all under one prefix (default {@code rtk:}), so
 * that several clusters, or tests, share a Redis without meeting.
 *
 * <ul>
 *   <li>{@code u:<user>} hash: {@code company}, {@code roles}, {@code announced}, and one field
 *       {@code c:<connection>} = {@code <node>|<openedAtMillis>} per live connection;
 *   <li>indexes: {@code conns} (hash connection to user), {@code co:<company>}, {@code
 *       cr:<company>:<role>}, {@code r:<role>}, {@code all}, and {@code n:<node>} (users with a
 *       connection on that node, for the sweeper), all sets of user ids;
 *   <li>{@code lease:<node>} (a key with a TTL), {@code nodes} (every node that held a lease),
 *       {@code sweep:<node>} (who sweeps a dead node);
 *   <li>{@code msg:<id>}: company, sender and receiver of a delivered message (with a TTL), for
 *       receipts from any node;
 *   <li>{@code s:{<company>:<user>}:m} hash ({@code e} epoch, {@code o} last offset) and {@code
 *       s:{<company>:<user>}:x} (a Redis stream, entry ids {@code <offset>-0}): the user's event
 *       stream; the hash tag puts both in one slot, so each script touches one slot of a Redis
 *       Cluster;
 *   <li>{@code ib:{<company>:<user>}:t} sorted set (message ids by {@code sentAt} in microseconds)
 *       and {@code ib:{<company>:<user>}:m} hash (message id to sender, time and text): the user's
 *       offline inbox, one slot per user; {@code ib:due} sorted set ({@code <company>:<user>} by
 *       when its oldest message expires), read by every node's sweep;
 *   <li>{@code floor:<company>} hash: {@code v} (version) and {@code f} (the floor as JSON);
 *   <li>{@code cv:{<company>:<conversation>}} hash: {@code v} (version) and {@code f} (the
 *       conversation as JSON); the braces are a hash tag, so a conversation is one slot; {@code
 *       cvu:<company>:<user>}: the ids of the open conversations a user may take part in (a
 *       superset, checked against the conversation on every read);
 *   <li>{@code ch:n:<node>}: the channel of one node, for conversation fan-out (one publish per
 *       node, carrying the recipients);
 *   <li>channels {@code ch:u:<company>:<user>}, {@code ch:r:<company>:<role>}, {@code
 *       ch:c:<company>}: the company is part of every name, so no message crosses tenants.
 * </ul>
 */
record Keys(String prefix) {
  static final String DEFAULT_PREFIX = "rtk:";

  String message(String messageId) {
    return prefix + "msg:" + messageId;
  }

  /** The meta hash of a user's event stream (epoch, last offset). */
  String streamMeta(CompanyId c, UserId u) {
    return prefix + "s:{" + c + ":" + u.value() + "}:m";
  }

  /** The Redis stream of a user's events. */
  String streamEvents(CompanyId c, UserId u) {
    return prefix + "s:{" + c + ":" + u.value() + "}:x";
  }

  /** The sorted set of a user's offline inbox (message ids by sent time). */
  String inboxOrder(CompanyId c, UserId u) {
    return prefix + "ib:{" + c + ":" + u.value() + "}:t";
  }

  /** The hash of a user's offline inbox (message id to its fields). */
  String inboxMessages(CompanyId c, UserId u) {
    return prefix + "ib:{" + c + ":" + u.value() + "}:m";
  }

  /** The users with kept messages, by when their oldest expires. */
  String inboxDue() {
    return prefix + "ib:due";
  }

  String user(UserId id) {
    return prefix + "u:" + id.value();
  }

  String connections() {
    return prefix + "conns";
  }

  String company(CompanyId c) {
    return prefix + "co:" + c;
  }

  String companyRole(CompanyId c, Role r) {
    return prefix + "cr:" + c + ":" + r.name();
  }

  String role(Role r) {
    return prefix + "r:" + r.name();
  }

  String all() {
    return prefix + "all";
  }

  String nodeUsers(NodeId n) {
    return prefix + "n:" + n.value();
  }

  String lease(NodeId n) {
    return prefix + "lease:" + n.value();
  }

  String nodes() {
    return prefix + "nodes";
  }

  String sweep(NodeId n) {
    return prefix + "sweep:" + n.value();
  }

  String floor(CompanyId c) {
    return prefix + "floor:" + c;
  }

  String conversation(CompanyId c, String conversationId) {
    return prefix + "cv:{" + c + ":" + conversationId + "}";
  }

  String userConversations(CompanyId c, UserId u) {
    return prefix + "cvu:" + c + ":" + u.value();
  }

  String nodeChannel(NodeId n) {
    return prefix + "ch:n:" + n.value();
  }

  String userChannel(CompanyId c, UserId u) {
    return prefix + "ch:u:" + c + ":" + u.value();
  }

  String roleChannel(CompanyId c, Role r) {
    return prefix + "ch:r:" + c + ":" + r.name();
  }

  String companyChannel(CompanyId c) {
    return prefix + "ch:c:" + c;
  }
}
