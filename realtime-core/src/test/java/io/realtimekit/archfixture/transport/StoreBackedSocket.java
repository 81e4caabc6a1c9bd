package io.realtimekit.archfixture.transport;

import io.realtimekit.archfixture.infrastructure.FixtureStore;

/** Planted violation: a transport class using an infrastructure class. */
public final class StoreBackedSocket {
  /** Reaches the store directly. */
  public String describe(FixtureStore store) {
    return store.toString();
  }
}
