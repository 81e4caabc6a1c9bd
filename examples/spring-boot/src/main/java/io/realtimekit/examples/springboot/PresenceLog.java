package io.realtimekit.examples.springboot;

import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Listens to realtimekit's domain events as ordinary Spring application events: a CRM would mark
 * the user online or offline here. Keeps the users seen online, for the demo and its tests.
 */
@Component
public class PresenceLog {
  private static final Logger log = LoggerFactory.getLogger(PresenceLog.class);

  private final List<UserId> connected = new CopyOnWriteArrayList<>();

  /** A user came online (first socket, or back after the grace period). */
  @EventListener
  public void on(UserConnected event) {
    connected.add(event.userId());
    log.info("{} of company {} is online", event.userId(), event.companyId());
  }

  /** A user went offline (once, after the grace period). */
  @EventListener
  public void on(UserDisconnected event) {
    log.info("{} of company {} is offline", event.userId(), event.companyId());
  }

  /** The users seen online so far, in order. */
  public List<UserId> connectedUsers() {
    return List.copyOf(connected);
  }
}
