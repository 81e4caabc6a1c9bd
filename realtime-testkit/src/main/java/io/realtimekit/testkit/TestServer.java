package io.realtimekit.testkit;

import io.realtimekit.Realtime;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An in-process {@link Realtime} (verifying {@link TestTokens}) mounted on a server that a function
 * of yours starts, on a free loopback port. The kit knows no server: the adapter's tests pass how
 * to mount ({@code realtime -> RunningServer}), so the kit has no dependency on any adapter.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start(rt -> myAdapterOn(rt, 0), b -> b.authTimeout(ofMillis(300)))) {
 *   RealtimeTestClient c = server.connect("c1", company, AuthMode.HEADER, Role.COMMERCIAL);
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes the clients it opened, stops the server (1001 to the sockets still
 * open), then closes the {@code Realtime}.
 */
public final class TestServer implements AutoCloseable {

  /** Mounts a started {@link Realtime} on a server and starts it (on a free port). */
  @FunctionalInterface
  public interface Mount {
    /** Starts a server for {@code realtime}. */
    RunningServer start(Realtime realtime) throws Exception;
  }

  private final TestTokens tokens;
  private final Realtime realtime;
  private final RunningServer server;
  private final List<RealtimeTestClient> clients = new ArrayList<>();
  private boolean serverStopped;

  private TestServer(TestTokens tokens, Realtime realtime, RunningServer server) {
    this.tokens = tokens;
    this.realtime = realtime;
    this.server = server;
  }

  /** A server with the default settings. */
  public static TestServer start(Mount mount) throws Exception {
    return start(mount, b -> {});
  }

  /** A server whose {@link Realtime} is configured further by {@code customizer}. */
  public static TestServer start(Mount mount, Consumer<RealtimeBuilder> customizer)
      throws Exception {
    Objects.requireNonNull(mount, "mount");
    TestTokens tokens = new TestTokens();
    RealtimeBuilder builder =
        Realtime.builder().tokenVerifier(tokens.verifier()).nodeId(NodeId.of("test-node"));
    customizer.accept(builder);
    Realtime realtime = builder.build();
    realtime.start();
    try {
      return new TestServer(tokens, realtime, mount.start(realtime));
    } catch (Exception | Error e) {
      realtime.close();
      throw e;
    }
  }

  /** The tokens the server's verifier accepts. */
  public TestTokens tokens() {
    return tokens;
  }

  /** The running {@link Realtime}. */
  public Realtime realtime() {
    return realtime;
  }

  /** The native protocol's WebSocket URI. */
  public URI uri() {
    return server.uri();
  }

  /** Connects a new client with a fresh token; closed with this server. */
  public RealtimeTestClient connect(
      String userId, CompanyId companyId, AuthMode mode, Role... roles) throws IOException {
    return track(RealtimeTestClient.connect(uri(), tokens.token(userId, companyId, roles), mode));
  }

  /** Keeps {@code client} to close it with this server; returns it. */
  public synchronized RealtimeTestClient track(RealtimeTestClient client) {
    clients.add(client);
    return client;
  }

  /** Stops the server gracefully but keeps the {@link Realtime} running. Idempotent. */
  public synchronized void stopServer() throws Exception {
    if (!serverStopped) {
      serverStopped = true;
      server.close();
    }
  }

  @Override
  public synchronized void close() throws Exception {
    Exception failure = null;
    for (RealtimeTestClient c : clients) {
      try {
        c.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    clients.clear();
    try {
      stopServer();
    } catch (Exception e) {
      failure = failure == null ? e : failure;
    }
    realtime.close();
    if (failure != null) {
      throw failure;
    }
  }
}
