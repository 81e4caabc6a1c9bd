package io.realtimekit.bench.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtimekit.Realtime;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.Participant;
import io.realtimekit.domain.conversation.ParticipantRole;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.jetty.RealtimeJetty;
import io.realtimekit.jetty.RealtimeServer;
import io.realtimekit.micrometer.MicrometerRealtimeMetrics;
import io.realtimekit.redis.RedisClusterEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The server under load, in its own process so that its CPU time can be read from {@code
 * /proc/<pid>/stat}: {@code BenchServer realtime|baseline <port> <hex secret> [metrics]
 * [--redis=redis://127.0.0.1:PORT --node=a] [--no-recovery] [--socketio]}; with {@code --socketio},
 * realtime also serves Socket.IO clients at {@code /socket.io/} beside {@code /realtime} (the
 * soak's nodes in its test).
 *
 * <ul>
 *   <li>{@code realtime}: realtimekit on {@link RealtimeJetty} (native protocol, in-memory, HS256),
 *       with the per-connection rate limit raised out of the way of the load;
 *   <li>{@code baseline}: a raw Jakarta endpoint on the same Jetty, same thread pool and connector,
 *       doing the least work for the same exchange ({@link BaselineEndpoint}); with {@code
 *       --socketio}, the same in Socket.IO framing at {@code /socket.io/} ({@link
 *       BaselineSocketIoEndpoint}).
 * </ul>
 *
 * <p>With {@code --redis=URI --node=ID} (realtime only), the server is one node of a cluster on
 * that Redis ({@link RedisClusterEngine}); the cluster is closed (lease given up) when the JVM
 * stops.
 *
 * <p>{@code --no-recovery} (realtime only) turns message continuity off ({@code recovery(false)}):
 * nothing is kept in users' event streams.
 *
 * <p>Both also serve {@code GET /bench/heap} (heap after GC, direct buffers, sockets) and {@code
 * GET /bench/notify?company=<uuid>} (one notification to every commercial of the company); realtime
 * also {@code GET /bench/conversation?company=<uuid>&users=<id>,<id>,...}: the host opens a
 * conversation through the facade, the first user as its visitor, the others as agents, and the
 * answer is its id ({@link ConversationServlet}). Prints {@code READY <port>} on stdout when it
 * accepts connections, then serves until killed.
 */
public final class BenchServer {
  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int port = Integer.parseInt(args[1]);
    byte[] secret = HexFormat.of().parseHex(args[2]);
    boolean metrics = false;
    boolean socketIo = false;
    String redis = null;
    String node = null;
    boolean recovery = true;
    for (int i = 3; i < args.length; i++) {
      if (args[i].equals("metrics")) {
        metrics = true;
      } else if (args[i].equals("--socketio")) {
        socketIo = true;
      } else if (args[i].startsWith("--redis=")) {
        redis = args[i].substring("--redis=".length());
      } else if (args[i].equals("--no-recovery")) {
        recovery = false;
      } else if (args[i].startsWith("--node=")) {
        node = args[i].substring("--node=".length());
      } else {
        throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if ((redis == null) != (node == null)) {
      throw new IllegalArgumentException("--redis and --node go together");
    }
    int bound;
    if (mode.equals("realtime")) {
      bound = startRealtime(port, secret, metrics, redis, node, recovery, socketIo);
    } else if (redis != null) {
      throw new IllegalArgumentException("cluster mode (--redis) is for the realtime server only");
    } else if (mode.equals("baseline")) {
      bound = BaselineServer.start(port, secret, socketIo);
    } else {
      throw new IllegalArgumentException("mode must be realtime or baseline");
    }
    System.out.println("READY " + bound);
    System.out.flush();
    Thread.currentThread().join();
  }

  private static int startRealtime(
      int port,
      byte[] secret,
      boolean withMetrics,
      String redis,
      String node,
      boolean recovery,
      boolean socketIo)
      throws Exception {
    RealtimeBuilder builder =
        Realtime.builder()
            .tokenVerifier(JwtTokenVerifier.hmac(secret).build())
            .eventsPerSecond(1_000_000)
            .eventBurst(1_000_000)
            .recovery(recovery);
    MicrometerRealtimeMetrics metrics = null;
    if (withMetrics) {
      metrics = new MicrometerRealtimeMetrics(new SimpleMeterRegistry());
      builder.metrics(metrics);
    }
    RedisClusterEngine cluster = null;
    if (redis != null) {
      cluster = RedisClusterEngine.builder().redisUri(redis).nodeId(NodeId.of(node)).build();
      builder = cluster.configure(builder);
    }
    Realtime realtime = builder.build();
    if (cluster != null) {
      cluster.start(realtime);
      RedisClusterEngine c = cluster;
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "bench-cluster-close"));
    }
    realtime.start();
    if (metrics != null) {
      metrics.bindConnections(realtime);
    }
    RealtimeServer server =
        RealtimeJetty.builder(realtime)
            .host("127.0.0.1")
            .port(port)
            .socketIo(socketIo)
            .servlet("/bench/heap", new HeapServlet(() -> realtime.transport().openConnections()))
            .servlet(
                "/bench/notify",
                new NotifyServlet(
                    company ->
                        realtime
                            .notifyRole(
                                CompanyId.of(company),
                                Role.COMMERCIAL,
                                "lead:new",
                                Map.of("lead", "bench"))
                            .value()
                            .deliveredConnections()))
            .servlet(
                "/bench/conversation",
                new ConversationServlet(
                    (company, users) -> {
                      List<Participant> participants = new ArrayList<>();
                      for (int i = 0; i < users.size(); i++) {
                        participants.add(
                            new Participant(
                                UserId.of(users.get(i)),
                                i == 0 ? ParticipantRole.VISITOR : ParticipantRole.AGENT));
                      }
                      Result<Conversation> opened =
                          realtime.openConversation(CompanyId.of(company), participants);
                      if (!opened.isOk()) {
                        throw new IllegalArgumentException(opened.failure().toString());
                      }
                      return opened.value().id().value();
                    }))
            .start();
    return server.port();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
