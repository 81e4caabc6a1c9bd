package io.realtimekit.application.bus;

/** Undoes a registration (handler, subscription, middleware). Closing twice is harmless. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

  /** Removes what was registered. */
  @Override
  void close();
}
