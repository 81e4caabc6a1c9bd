package io.realtimekit.archfixture.application.chat;

/** Planted violation: a wiring class of a feature package that is public. */
public final class PublicChatHandler {
  /** Handles nothing. */
  public void handle() {}
}
