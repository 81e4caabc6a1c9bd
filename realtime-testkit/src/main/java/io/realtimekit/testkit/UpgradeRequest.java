package io.realtimekit.testkit;

import io.realtimekit.testkit.RealtimeTestClient.HandshakeRefusedException;
import io.realtimekit.testkit.RealtimeTestClient.Options;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.core.HandshakeException;

/**
 * The upgrade request of a {@link RealtimeTestClient}: its headers, and the status of a refusal.
 */
final class UpgradeRequest {
  private UpgradeRequest() {}

  /**
   * Opens {@code endpoint} on {@code uri} with the headers of {@code options}.
   *
   * @throws HandshakeRefusedException when the server refuses the upgrade
   */
  static Session connect(ClientManager manager, Endpoint endpoint, URI uri, Options options)
      throws IOException {
    try {
      return manager.connectToServer(endpoint, config(options), uri);
    } catch (DeploymentException e) {
      throw new HandshakeRefusedException(
          "handshake to " + uri + " refused: " + e.getMessage(), refusalStatus(e), e);
    }
  }

  /**
   * A client configuration whose upgrade request carries the headers of {@code options}, its {@code
   * Authorization: Bearer} token and its {@code Origin}, each replacing a header of the same name
   * (case-insensitive).
   */
  private static ClientEndpointConfig config(Options options) {
    Map<String, String> extra = new LinkedHashMap<>(options.headers());
    if (options.bearer() != null) {
      extra.put("Authorization", "Bearer " + options.bearer());
    }
    if (options.origin() != null) {
      extra.put("Origin", options.origin());
    }
    return ClientEndpointConfig.Builder.create()
        .configurator(
            new ClientEndpointConfig.Configurator() {
              @Override
              public void beforeRequest(Map<String, List<String>> headers) {
                extra.forEach(
                    (k, v) -> {
                      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
                      headers.put(k, List.of(v));
                    });
              }
            })
        .build();
  }

  /** The HTTP status of a refused upgrade, found in the causes of {@code e}, or -1. */
  private static int refusalStatus(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HandshakeException h) {
        return h.getHttpStatusCode();
      }
    }
    return -1;
  }
}
