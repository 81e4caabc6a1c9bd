package io.realtimekit.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One live socket of a {@link ConnectionUser}: which node holds it and since when.
 *
 * @param id the connection's id
 * @param nodeId the node that holds the socket
 * @param openedAt when the socket was authenticated, kept to the millisecond (the precision of
 *     {@link ConnectionUser.Primitives}, so that a stored user reads back equal)
 */
public record Connection(ConnectionId id, NodeId nodeId, Instant openedAt) {
  /** All parts are required; {@code openedAt} is truncated to milliseconds. */
  public Connection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeId, "nodeId");
    openedAt = Objects.requireNonNull(openedAt, "openedAt").truncatedTo(ChronoUnit.MILLIS);
  }
}
