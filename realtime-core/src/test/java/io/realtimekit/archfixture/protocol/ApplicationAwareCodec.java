package io.realtimekit.archfixture.protocol;

import io.realtimekit.archfixture.application.FixtureCommand;

/** Planted violation: a protocol class depending on the application layer. */
public final class ApplicationAwareCodec {
  /** Decodes straight into an application command. */
  public FixtureCommand decode(String text) {
    return new FixtureCommand(text);
  }
}
