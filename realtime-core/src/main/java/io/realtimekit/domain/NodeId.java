package io.realtimekit.domain;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Identifies a server node holding connections (one process; several in cluster mode).
 *
 * @param value 1 to 64 characters among letters, digits, {@code . _ -}
 */
public record NodeId(String value) {
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Validates the shape; throws {@link DomainException} otherwise. */
  public NodeId {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw DomainException.invalid("nodeId must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
  }

  /** Shorthand for {@code new NodeId(value)}. */
  public static NodeId of(String value) {
    return new NodeId(value);
  }

  /** A random node id, {@code node-} and 8 hex digits. */
  public static NodeId random() {
    return new NodeId("node-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Override
  public String toString() {
    return value;
  }
}
