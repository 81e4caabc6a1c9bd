package io.realtimekit.jdbc;

import io.realtimekit.Realtime;
import io.realtimekit.application.command.ConfirmUserOffline;
import io.realtimekit.application.command.DisconnectNode;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.RepositoryUnavailableException;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery for a <em>single</em> node whose users live in a durable {@link
 * JdbcConnectionRepository}. A node killed without closing its sockets (SIGKILL, a power cut)
 * leaves its users' rows behind: without this sweep they stay online for ever (ghosts that
 * presence lists and assignment picks). Call {@link #sweepPreviousRuns} once, after {@link
 * Realtime#start()} and before the server accepts sockets:
 *
 * <ul>
 *   <li>every connection held by a node other than this one is closed ({@link DisconnectNode}, one
 *       {@code ConnectionClosed} each); a user left without connection gets the usual grace
 *       period, so a client that reconnects at once never appears offline, and is announced
 *       offline ({@code UserDisconnected}) once it has passed;
 *   <li>every user already without a connection (the dead run was counting its grace period) is
 *       announced offline now ({@link ConfirmUserOffline}).
 * </ul>
 *
 * <p>Only for one node: in a cluster sharing the database, the other nodes' connections are
 * alive, and sweeping them needs node leases, which this module does not have.
 */
public final class SingleNodeRecovery {
  private static final Logger log = LoggerFactory.getLogger(SingleNodeRecovery.class);

  private SingleNodeRecovery() {}

  /**
   * What a sweep did.
   *
   * @param connectionsClosed users whose connections on an earlier run's node were closed
   * @param announcedOffline users without connection that were announced offline at once
   */
  public record Sweep(int connectionsClosed, int announcedOffline) {}

  /**
   * Sweeps what earlier runs left in {@code repository}, through {@code realtime}'s commands (so
   * the usual domain events are raised).
   *
   * @param realtime the started single node, using {@code repository}
   * @param repository its repository
   * @return how many users each step touched
   * @throws RepositoryUnavailableException when the database cannot be reached
   */
  public static Sweep sweepPreviousRuns(Realtime realtime, JdbcConnectionRepository repository) {
    Objects.requireNonNull(realtime, "realtime");
    Objects.requireNonNull(repository, "repository");
    NodeId me = realtime.nodeId();
    // read first: the users the loop below disconnects get their grace period, not this
    List<ConnectionUser> inGrace = repository.find(Criteria.any().connected(false));
    int closed = 0;
    for (NodeId node : repository.nodeIds()) {
      if (node.equals(me)) {
        continue;
      }
      for (UserId user : repository.usersConnectedOn(node)) {
        realtime.commands().send(new DisconnectNode(user, node));
        closed++;
      }
    }
    int offline = 0;
    for (ConnectionUser user : inGrace) {
      if (realtime.commands().send(new ConfirmUserOffline(user.userId())).isOk()) {
        offline++;
      }
    }
    if (closed > 0 || offline > 0) {
      log.info("node {} swept earlier runs: connections of {} users closed, {} users announced offline",
          me, closed, offline);
    }
    return new Sweep(closed, offline);
  }
}
