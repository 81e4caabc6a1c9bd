package io.realtimekit.archfixture.domain;

import io.realtimekit.archfixture.application.TransportAwareHandler;

/** Planted violation: a domain class reaching up into the application layer. */
public final class LayerCrossingAggregate {
  /** Uses an application class. */
  public String handlerName() {
    return TransportAwareHandler.class.getSimpleName();
  }
}
