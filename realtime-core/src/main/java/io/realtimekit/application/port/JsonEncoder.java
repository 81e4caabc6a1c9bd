package io.realtimekit.application.port;

/** Serialises payloads to JSON text. Thread-safe. */
@FunctionalInterface
public interface JsonEncoder {

  /**
   * {@code value} as JSON; null gives {@code {}}.
   *
   * @throws IllegalArgumentException when it cannot be serialised
   */
  String toJson(Object value);
}
