package io.realtimekit.application.connection;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.UserId;

/**
 * A node is gone without closing its sockets (killed, or its lease lapsed): removes from the user
 * every connection that node held, raising one {@code ConnectionClosed} each. When none is left,
 * the grace period starts as after a normal disconnect, so a client that reconnects to another node
 * in time never appears offline. Sent by a cluster engine's sweeper, once per user of the dead
 * node; harmless when the user or the connections are already gone.
 *
 * @param userId the user
 * @param nodeId the dead node
 */
public record DisconnectNode(UserId userId, NodeId nodeId) implements Command<Done> {
  /** Validates. */
  public DisconnectNode {
    Checks.required(userId, "userId");
    Checks.required(nodeId, "nodeId");
  }
}
