package io.realtimekit.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One live socket of a {@link ConnectionUser}: which node holds it and since when.
 *
 * @param id the connection's id
 * @param nodeId the node that holds the socket
 * @param openedAt when the socket was authenticated
 */
public record Connection(ConnectionId id, NodeId nodeId, Instant openedAt) {
  /** All parts are required. */
  public Connection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(openedAt, "openedAt");
  }
}
