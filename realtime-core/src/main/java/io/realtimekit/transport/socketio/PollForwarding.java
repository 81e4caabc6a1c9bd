package io.realtimekit.transport.socketio;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * How the long-polling requests of an Engine.IO session reach the node that holds it, so a cluster
 * needs no sticky sessions: each node puts its {@link #nodeTag()} in front of the sids it opens
 * ({@code <tag>~<random>}); a request whose sid carries another node's tag is {@link #forward
 * forwarded} there, served by that node's {@link SocketIoTransport} (its {@link #serve server}),
 * and the answer written back by the node that received the request. Installed with {@link
 * SocketIoTransport#forwardVia}; a single node has none (an unknown sid is refused, as always).
 *
 * <p>Implementations must not block in any method; they complete each forward exactly once.
 */
public interface PollForwarding {
  /** The tag of this node, put in front of its sids: {@code [A-Za-z0-9._-]{1,64}}. */
  String nodeTag();

  /**
   * Delivers {@code poll} to node {@code owner} and completes with its answer; completes with empty
   * when no such node answers within {@code wait} (the session is then unknown to the client), or
   * at once when no node of that tag listens.
   */
  CompletionStage<Optional<PollResponse>> forward(String owner, ForwardedPoll poll, Duration wait);

  /**
   * Hands the requests forwarded to this node to {@code server} (called once, by {@link
   * SocketIoTransport#forwardVia}); the {@link PollResponder} given with each request is called
   * once with the answer, possibly later (a poll waits for packets).
   */
  void serve(BiConsumer<ForwardedPoll, PollResponder> server);
}
