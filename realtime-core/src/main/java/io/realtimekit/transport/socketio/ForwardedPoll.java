package io.realtimekit.transport.socketio;

import java.util.Objects;

/**
 * A long-polling request for an Engine.IO session held by another node, as the node that received
 * it hands it to the owner through a {@link PollForwarding}: the origin, version and transport are
 * checked already; the owner checks the session and the client's address as for a local request.
 *
 * @param sid the session id (its owner's tag in front, see {@link PollForwarding#nodeTag()})
 * @param post true for a {@code POST} (packets from the client), false for a poll
 * @param clientAddress the client's address as the receiving node saw it ({@link
 *     io.realtimekit.transport.ClientAddress}), empty when its container could not tell
 * @param body the body of a {@code POST}, at most {@link SocketIoTransport#maxPayload()} plus one
 *     character (the owner refuses a longer one as it would locally); empty for a poll
 */
public record ForwardedPoll(String sid, boolean post, String clientAddress, String body) {
  /** Requires every component. */
  public ForwardedPoll {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(body, "body");
  }
}
