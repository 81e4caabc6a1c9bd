package io.realtimekit.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.ConnectionOpened;
import io.realtimekit.infrastructure.local.ExecutorTaskScheduler;
import io.realtimekit.testing.CoreHarness;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A write that fails makes the container report the close on the writer's thread (Jetty does), and
 * that thread may hold a user's lock: a domain event handler runs under the lock of the user it is
 * about. Two users delivering to each other's failing sockets at once must not wait for each other
 * (the close handling, {@code DisconnectUser}, takes the closing user's lock).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailedWriteUnderLockTest {

  /** A socket whose writes fail at once once told to, and which reports its close inline. */
  static final class FailingConnection implements TransportConnection {
    volatile boolean failing;
    volatile Integer closeCode;
    InboundHandler handler;

    @Override
    public String remoteAddress() {
      return "failing";
    }

    @Override
    public Map<String, List<String>> handshakeHeaders() {
      return Map.of();
    }

    @Override
    public void sendText(String text, SendCallback callback) {
      if (failing || closeCode != null) {
        callback.failed(new IOException("broken pipe"));
      } else {
        callback.succeeded();
      }
    }

    @Override
    public synchronized void close(int code, String reason) {
      if (closeCode == null) {
        closeCode = code;
        handler.onClose(code, reason); // on the writer's thread, as the container does
      }
    }
  }

  @Test
  void twoUsersDeliveringToEachOthersFailingSocketsDoNotDeadlock() throws Exception {
    CompanyId company = CompanyId.of(UUID.randomUUID());
    ExecutorTaskScheduler scheduler = new ExecutorTaskScheduler("failed-write-test");
    try (CoreHarness h = CoreHarness.start(b -> b.scheduler(scheduler))) {
      FailingConnection a = open(h, "ca", company);
      FailingConnection b = open(h, "cb", company);
      CyclicBarrier bothLocked = new CyclicBarrier(2);
      // each user's ConnectionOpened is handled under that user's lock: it notifies the other user
      h.realtime.subscribe(
          ConnectionOpened.class,
          e -> {
            String other = e.userId().value().equals("ca") ? "cb" : "ca";
            try {
              bothLocked.await(5, TimeUnit.SECONDS);
            } catch (Exception ex) {
              return; // the other thread never got its lock: nothing to race
            }
            h.realtime.notifyUser(company, UserId.of(other), "ping", Map.of("n", 1));
          });
      a.failing = true;
      b.failing = true;
      Thread first = new Thread(() -> h.connect("ca", company, Role.COMMERCIAL), "connect-ca");
      Thread second = new Thread(() -> h.connect("cb", company, Role.COMMERCIAL), "connect-cb");
      first.setDaemon(true); // a deadlocked pair must not keep the test JVM alive
      second.setDaemon(true);
      first.start();
      second.start();
      first.join(15_000);
      second.join(15_000);
      assertThat(first.isAlive() || second.isAlive()).as("deadlocked").isFalse();
      assertThat(bothLocked.isBroken()).as("both held their lock at once").isFalse();
      assertThat(a.closeCode).isNotNull();
      assertThat(b.closeCode).isNotNull();
      // and the failed sockets' close handling ran (on another thread)
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> h.realtime.transport().openConnections() == 2);
    } finally {
      scheduler.close();
    }
  }

  private static FailingConnection open(CoreHarness h, String user, CompanyId company) {
    FailingConnection c = new FailingConnection();
    c.handler = h.realtime.transport().accept(c);
    c.handler.onOpen();
    c.handler.onText(
        "{\"type\":\"connect\",\"token\":\"" + h.token(user, company, Role.COMMERCIAL) + "\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> h.realtime.isConnected(UserId.of(user)));
    return c;
  }
}
