package io.realtimekit.examples;

import io.realtimekit.examples.SocketIoCompatTest.Node;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Socket.IO connection state recovery with the official {@code socket.io-client} 4.8 (the scenarios
 * of {@code socketio-compat/recovery.js}) against the example server in-process: {@code
 * socket.io.engine.close()} under a connected client, messages sent while it is away, and after its
 * automatic reconnection {@code socket.recovered === true} with every message once, in order, over
 * WebSocket only and over the default transports (polling, then the upgrade); another user's or a
 * made-up pid gets a normal connect and nothing of anyone else's.
 */
@Timeout(180)
class SocketIoRecoveryTest {
  ExampleServer example;
  int port;

  @BeforeAll
  static void installClient() throws Exception {
    SocketIoCompatTest.installClient();
  }

  @BeforeEach
  void start() throws Exception {
    example =
        ExampleServer.start(
            Map.of(
                "PORT",
                "0",
                "REALTIME_JWT_SECRET",
                SocketIoCompatTest.SECRET,
                "NODE_ID",
                "socketio-recovery"));
    port = example.server().port();
  }

  @AfterEach
  void stop() throws Exception {
    if (example != null) {
      example.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "recovery-websocket-only",
        "recovery-default-transports",
        "recovery-with-another-users-pid"
      })
  void scenario(String name) throws Exception {
    try (Node node = Node.run("http://localhost:" + port, "recovery.js", name)) {
      node.assertPassed();
    }
  }
}
