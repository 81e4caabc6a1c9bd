package io.realtimekit.transport;

import io.realtimekit.ClientLimits;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The budgets that {@link ClientLimits} sets per user and per address, shared by every socket of
 * this node. An entry lives while the user or address has an open socket or a bucket not yet full
 * again; {@link #evictIdle()} forgets the others, so memory follows the active clients only.
 *
 * <p>Thread-safe: sockets of one user or address meet on its entry's lock.
 */
public final class ClientBudgets {
  /** Why a connection was refused; {@code null} from the admit methods means admitted. */
  enum Refusal {
    USER_CONNECTIONS("too many connections", "user-connections"),
    USER_CONNECT_RATE("connecting too fast", "user-connect-rate"),
    ADDRESS_CONNECTIONS("too many connections", "address-connections"),
    ADDRESS_CONNECT_RATE("connecting too fast", "address-connect-rate");

    final String message;
    final String metric;

    Refusal(String message, String metric) {
      this.message = message;
      this.metric = metric;
    }
  }

  private final ClientLimits limits;
  private final LongSupplier nanoTime;
  private final Map<String, Budget> users = new ConcurrentHashMap<>();
  private final Map<String, Budget> addresses = new ConcurrentHashMap<>();

  /**
   * @param limits the limits, resolved (no negative figure)
   * @param nanoTime the clock ({@code System::nanoTime} outside tests)
   */
  public ClientBudgets(ClientLimits limits, LongSupplier nanoTime) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** The limits in force. */
  public ClientLimits limits() {
    return limits;
  }

  /** A new socket from {@code address}: counts it, or says why not. */
  Refusal admitAddress(String address) {
    if (limits.connectionsPerAddress() == 0 && limits.connectsPerSecondPerAddress() == 0) {
      return null;
    }
    Budget b = addresses.computeIfAbsent(address, a -> addressBudget());
    return b.admit(
        limits.connectionsPerAddress(), Refusal.ADDRESS_CONNECTIONS, Refusal.ADDRESS_CONNECT_RATE);
  }

  /** The socket from {@code address} admitted by {@link #admitAddress} closed. */
  void releaseAddress(String address) {
    Budget b = addresses.get(address);
    if (b != null) {
      b.release();
    }
  }

  /** A new authenticated socket of a user: counts it, or says why not. */
  Refusal admitUser(CompanyId company, UserId user) {
    if (limits.connectionsPerUser() == 0 && limits.connectsPerSecondPerUser() == 0) {
      return null;
    }
    Budget b = users.computeIfAbsent(key(company, user), k -> userBudget());
    return b.admit(
        limits.connectionsPerUser(), Refusal.USER_CONNECTIONS, Refusal.USER_CONNECT_RATE);
  }

  /** The socket of a user admitted by {@link #admitUser} closed. */
  void releaseUser(CompanyId company, UserId user) {
    Budget b = users.get(key(company, user));
    if (b != null) {
      b.release();
    }
  }

  /** One event from a user's socket at {@code address}: true when both budgets allow it. */
  boolean takeEvent(String address, CompanyId company, UserId user) {
    if (limits.eventsPerSecondPerUser() > 0 && limits.eventBurstPerUser() > 0) {
      Budget b = users.computeIfAbsent(key(company, user), k -> userBudget());
      if (!b.takeEvent()) {
        return false;
      }
    }
    if (limits.eventsPerSecondPerAddress() > 0) {
      Budget b = addresses.computeIfAbsent(address, a -> addressBudget());
      return b.takeEvent();
    }
    return true;
  }

  /** Forgets the users and addresses with no open socket whose buckets are full again. */
  public void evictIdle() {
    users.entrySet().removeIf(e -> e.getValue().idle());
    addresses.entrySet().removeIf(e -> e.getValue().idle());
  }

  /** How many users and addresses are tracked; for tests that check memory stays bounded. */
  int tracked() {
    return users.size() + addresses.size();
  }

  private Budget userBudget() {
    return new Budget(
        bucket(limits.connectsPerSecondPerUser(), limits.connectBurstPerUser()), true);
  }

  private Budget addressBudget() {
    return new Budget(
        bucket(limits.connectsPerSecondPerAddress(), limits.connectBurstPerAddress()), false);
  }

  /** A new event bucket, full: a budget makes its own at its first event. */
  private TokenBucket eventBucket(boolean user) {
    return user
        ? bucket(limits.eventsPerSecondPerUser(), limits.eventBurstPerUser())
        : bucket(limits.eventsPerSecondPerAddress(), limits.eventBurstPerAddress());
  }

  private TokenBucket bucket(int rate, int burst) {
    return rate > 0 && burst > 0 ? new TokenBucket(rate, burst, nanoTime) : null;
  }

  private static String key(CompanyId company, UserId user) {
    return company + "/" + user.value();
  }

  /**
   * One user's or address's open sockets and buckets. The event bucket is made at the first event
   * (a full bucket until then): an idle user holds none.
   */
  private final class Budget {
    private final TokenBucket connects;
    private final boolean user;
    private TokenBucket events;
    private boolean eventsMade;
    private int open;

    Budget(TokenBucket connects, boolean user) {
      this.connects = connects;
      this.user = user;
    }

    synchronized Refusal admit(int maxOpen, Refusal tooMany, Refusal tooFast) {
      if (maxOpen > 0 && open >= maxOpen) {
        return tooMany;
      }
      if (connects != null && !connects.tryTake()) {
        return tooFast;
      }
      open++;
      return null;
    }

    synchronized void release() {
      if (open > 0) {
        open--;
      }
    }

    synchronized boolean takeEvent() {
      if (!eventsMade) {
        events = eventBucket(user);
        eventsMade = true;
      }
      return events == null || events.tryTake();
    }

    synchronized boolean idle() {
      return open == 0
          && (connects == null || connects.isFull())
          && (events == null || events.isFull());
    }
  }
}
