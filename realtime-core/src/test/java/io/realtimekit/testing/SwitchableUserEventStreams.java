package io.realtimekit.testing;

import io.realtimekit.application.port.StreamPosition;
import io.realtimekit.application.port.StreamRead;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.Map;
import java.util.Set;

/**
 * A {@link UserEventStreams} a test can take down: while {@link #down(boolean) down}, appends,
 * reads and positions throw {@link IllegalStateException} as an unreachable store would; otherwise
 * every call goes to the wrapped store. Trimming always goes through.
 */
public final class SwitchableUserEventStreams implements UserEventStreams {
  private final UserEventStreams store;
  private volatile boolean down;

  /**
   * @param store the streams that answer while the switch is up
   */
  public SwitchableUserEventStreams(UserEventStreams store) {
    this.store = store;
  }

  /** Takes the streams down ({@code true}) or brings them back. */
  public void down(boolean down) {
    this.down = down;
  }

  private void reach() {
    if (down) {
      throw new IllegalStateException("stream store unreachable");
    }
  }

  @Override
  public StreamPosition append(CompanyId c, UserId u, String type, String payloadJson) {
    reach();
    return store.append(c, u, type, payloadJson);
  }

  @Override
  public Map<UserId, StreamPosition> appendAll(
      CompanyId c, Set<UserId> users, String type, String payloadJson) {
    reach();
    return store.appendAll(c, users, type, payloadJson);
  }

  @Override
  public StreamRead readAfter(CompanyId c, UserId u, StreamPosition after, int maxCount) {
    reach();
    return store.readAfter(c, u, after, maxCount);
  }

  @Override
  public StreamPosition position(CompanyId c, UserId u) {
    reach();
    return store.position(c, u);
  }

  @Override
  public void trim() {
    store.trim();
  }
}
