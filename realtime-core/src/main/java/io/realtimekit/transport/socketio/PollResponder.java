package io.realtimekit.transport.socketio;

/**
 * Where the answer to one long-polling request goes. Implemented by the HTTP adapter.
 *
 * <p>Calling rules: called once per request, possibly later and from another thread than the one
 * that made the request (a poll waits for packets); must not block (an adapter hands the write to
 * its container's threads).
 */
@FunctionalInterface
public interface PollResponder {

  /** Writes {@code response} and ends the request. */
  void respond(PollResponse response);
}
