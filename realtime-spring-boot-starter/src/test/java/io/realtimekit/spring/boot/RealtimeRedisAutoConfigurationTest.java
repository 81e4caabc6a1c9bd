package io.realtimekit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.Realtime;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.redis.RedisClusterEngine;
import io.realtimekit.redis.RedisConnectionRepository;
import io.realtimekit.redis.RedisSalesFloorRepository;
import io.realtimekit.spring.boot.autoconfigure.RealtimeAutoConfiguration;
import io.realtimekit.spring.boot.autoconfigure.RealtimeHealthAutoConfiguration;
import io.realtimekit.spring.boot.autoconfigure.RealtimeHealthIndicator;
import io.realtimekit.spring.boot.autoconfigure.RealtimeRedisAutoConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Cluster mode from {@code realtime.redis.url}, against a {@code redis-server} this test starts on
 * a free loopback port (never the machine's own Redis).
 */
class RealtimeRedisAutoConfigurationTest {
  static Process redis;
  static int port;

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RealtimeRedisAutoConfiguration.class,
                  RealtimeAutoConfiguration.class,
                  RealtimeHealthAutoConfiguration.class))
          .withPropertyValues("realtime.jwt.secret=" + RealtimeAutoConfigurationTest.SECRET);

  @BeforeAll
  static void startRedis() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    redis =
        new ProcessBuilder(
                List.of(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!pings()) {
      assertThat(redis.isAlive()).as("redis-server running").isTrue();
      assertThat(System.nanoTime())
          .as("redis-server answers PING within 10 s")
          .isLessThan(deadline);
      redis.waitFor(50, TimeUnit.MILLISECONDS);
    }
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.destroyForcibly();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRedisUrlTurnsClusterModeOn() {
    Realtime[] seen = new Realtime[1];
    runner
        .withPropertyValues(
            "realtime.redis.url=redis://127.0.0.1:" + port, "realtime.redis.node-id=node-spring")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(RedisClusterEngine.class);
              Realtime realtime = context.getBean(Realtime.class);
              seen[0] = realtime;
              assertThat(realtime.isRunning()).isTrue();
              assertThat(realtime.nodeId().value()).isEqualTo("node-spring");
              assertThat(realtime.repository())
                  .isInstanceOf(RedisConnectionRepository.class)
                  .isSameAs(context.getBean(ConnectionRepository.class));
              assertThat(context.getBean(SalesFloorRepository.class))
                  .isInstanceOf(RedisSalesFloorRepository.class);
              assertThat(context.getBean(RealtimeHealthIndicator.class).health(true).getDetails())
                  .containsEntry("mode", "cluster (redis)");
            });
    // the context closed: the node left the cluster, which closed the Realtime
    assertThat(seen[0].isRunning()).isFalse();
  }

  @Test
  void withoutAUrlItIsOneNodeInMemory() {
    runner.run(
        context -> {
          assertThat(context).doesNotHaveBean(RedisClusterEngine.class);
          assertThat(context.getBean(ConnectionRepository.class))
              .isNotInstanceOf(RedisConnectionRepository.class);
        });
  }

  private static boolean pings() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
