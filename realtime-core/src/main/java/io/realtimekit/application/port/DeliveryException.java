package io.realtimekit.application.port;

/**
 * A {@link DeliveryPort} could not reach where it had to deliver (for example, the cluster broker
 * is down).
 */
public class DeliveryException extends RuntimeException {
  /**
   * @param message what could not be reached, client-safe
   */
  public DeliveryException(String message) {
    super(message);
  }

  /**
   * @param message what could not be reached, client-safe
   * @param cause the underlying failure
   */
  public DeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
