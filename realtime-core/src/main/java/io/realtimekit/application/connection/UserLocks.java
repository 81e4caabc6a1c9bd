package io.realtimekit.application.connection;

import io.realtimekit.domain.UserId;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the load-change-save cycles of one user on this node (striped: a fixed number of
 * locks, so memory does not grow with users).
 */
final class UserLocks {
  private final ReentrantLock[] stripes;

  UserLocks(int stripes) {
    this.stripes = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock();
    }
  }

  <T> T withLock(UserId userId, Supplier<T> action) {
    ReentrantLock lock = stripes[Math.floorMod(userId.hashCode(), stripes.length)];
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
