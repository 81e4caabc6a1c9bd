package io.realtimekit.redis;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A cluster node in its own JVM, for the crash test: {@code <redisUri> <keyPrefix> <nodeId>
 * <companyId> <users>}. Connects {@code users} visitors {@code crash-0..n-1} (one socket each),
 * prints {@code READY}, and runs until killed.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    ClusterNode node =
        new ClusterNode(
            args[0],
            args[2],
            args[1],
            Duration.ofSeconds(5),
            Duration.ofSeconds(3),
            null,
            Duration.ofSeconds(5));
    CompanyId company = CompanyId.of(args[3]);
    int users = Integer.parseInt(args[4]);
    List<Object> sockets = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      sockets.add(node.connect("crash-" + i, company, Role.VISITOR));
    }
    System.out.println("READY " + sockets.size());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
