package io.realtimekit.jdbc;

import io.realtimekit.domain.NodeId;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link JdbcNode} in its own JVM, for the crash test: {@code <jdbcUrl> <nodeId>}. Prints {@code
 * READY <ws-uri>} once it serves, and runs until killed.
 */
public final class JdbcNodeMain {
  private JdbcNodeMain() {}

  public static void main(String[] args) throws Exception {
    JdbcNode node = new JdbcNode(args[0], NodeId.of(args[1]));
    System.out.println("READY " + node.uri());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
