package io.realtimekit.application.clientevent;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.DomainException;

/** Reading the payload of a client event, with a clear validation error for a wrong shape. */
public final class Payloads {
  private Payloads() {}

  /**
   * The string field {@code field} of an object payload.
   *
   * @throws DomainException (invalid) when {@code data} is not an object or the field is not a
   *     string
   */
  public static String text(JsonNode data, String field) {
    if (data == null || !data.isObject()) {
      throw DomainException.invalid("data must be an object");
    }
    JsonNode node = data.get(field);
    if (node == null || !node.isTextual()) {
      throw DomainException.invalid("\"" + field + "\" must be a string");
    }
    return node.textValue();
  }
}
