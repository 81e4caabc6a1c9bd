package io.realtimekit.archfixture.application.chat;

/** A wiring class of a feature package that breaks no rule: package-private. */
final class HiddenChatHandler {
  void handle() {}
}
