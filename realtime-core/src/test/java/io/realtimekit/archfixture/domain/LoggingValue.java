package io.realtimekit.archfixture.domain;

import org.slf4j.LoggerFactory;

/**
 * Planted violation: a domain value using a library outside {@code java.*} (a logger).
 *
 * @param value anything
 */
public record LoggingValue(String value) {
  /** Logs, which the domain never does. */
  public void log() {
    LoggerFactory.getLogger(LoggingValue.class).info("{}", value);
  }
}
