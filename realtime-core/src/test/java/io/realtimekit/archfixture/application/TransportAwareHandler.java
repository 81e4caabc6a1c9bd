package io.realtimekit.archfixture.application;

import io.realtimekit.archfixture.infrastructure.FixtureStore;
import io.realtimekit.archfixture.protocol.FixtureCodec;
import io.realtimekit.archfixture.transport.FixtureSocket;

/** Planted violation: an application class using the transport, protocol and infrastructure. */
public final class TransportAwareHandler {
  /** Touches one class of each forbidden layer. */
  public String handle(FixtureSocket socket, FixtureCodec codec, FixtureStore store) {
    return socket.toString() + codec + store;
  }
}
