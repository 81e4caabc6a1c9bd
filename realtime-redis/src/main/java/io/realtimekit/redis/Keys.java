package io.realtimekit.redis;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;

/**
 * Every Redis key and channel name of one cluster, all under one prefix (default {@code rtk:}), so
 * that several clusters, or tests, share a Redis without meeting.
 *
 * <p><b>Slots (Redis Cluster).</b> Every Lua script and every multi-key command touches keys of one
 * hash slot: the connection registry (users, their indexes, node leases and sweeps; the scripts
 * {@code save-user}, {@code remove-user}, {@code locate-users} and the lease scripts read and write
 * them together) carries the hash tag {@code {r}} ({@link #registry()}, e.g. {@code rtk:{r}:u:42}),
 * so it is one slot; a user's event stream and offline inbox carry {@code {<company>:<user>}}, a
 * conversation {@code {<company>:<conversation>}}; every other key is used alone. Channels need no
 * tag: each publish names one channel (sharded pub/sub routes it by its slot). On a standalone
 * Redis the tags are plain characters.
 *
 * <ul>
 *   <li>{@code {r}:u:<user>} hash: {@code company}, {@code roles}, {@code announced}, and one field
 *       {@code c:<connection>} = {@code <node>|<openedAtMillis>} per live connection;
 *   <li>indexes (all under {@code {r}:}): {@code conns} (hash connection to user), {@code
 *       co:<company>}, {@code cr:<company>:<role>}, {@code r:<role>}, {@code all}, and {@code
 *       n:<node>} (users with a connection on that node, for the sweeper), all sets of user ids;
 *   <li>{@code {r}:lease:<node>} (a key with a TTL), {@code nodes} (every node that held a lease),
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

  /**
   * @throws IllegalArgumentException when the prefix holds a brace (it would break the hash tags)
   */
  Keys {
    if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException("keyPrefix must not contain '{' or '}': " + prefix);
    }
  }

  /**
   * The prefix of the connection registry's keys, one hash slot (tag {@code {r}}): what the
   * registry scripts get as their prefix argument.
   */
  String registry() {
    return prefix + "{r}:";
  }

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

  /** The registry hash of a user, by its id as a string. */
  String user(String userId) {
    return registry() + "u:" + userId;
  }

  String user(UserId id) {
    return registry() + "u:" + id.value();
  }

  String connections() {
    return registry() + "conns";
  }

  String company(CompanyId c) {
    return registry() + "co:" + c;
  }

  String companyRole(CompanyId c, Role r) {
    return registry() + "cr:" + c + ":" + r.name();
  }

  String role(Role r) {
    return registry() + "r:" + r.name();
  }

  String all() {
    return registry() + "all";
  }

  String nodeUsers(NodeId n) {
    return registry() + "n:" + n.value();
  }

  String lease(NodeId n) {
    return registry() + "lease:" + n.value();
  }

  String nodes() {
    return registry() + "nodes";
  }

  String sweep(NodeId n) {
    return registry() + "sweep:" + n.value();
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
