package io.realtimekit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.ClientLimits;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The shared budgets: counts per user and address, refills, and memory that follows activity. */
class ClientBudgetsTest {
  final AtomicLong nanos = new AtomicLong();
  final CompanyId a = CompanyId.of(UUID.randomUUID());
  final CompanyId b = CompanyId.of(UUID.randomUUID());
  final UserId u = UserId.of("u");

  @Test
  void aUserIsCountedPerCompanySoTheSameIdInTwoCompaniesHasTwoBudgets() {
    ClientBudgets budgets =
        new ClientBudgets(ClientLimits.none().withConnectionsPerUser(1), nanos::get);
    assertThat(budgets.admitUser(a, u)).isNull();
    assertThat(budgets.admitUser(a, u)).isEqualTo(ClientBudgets.Refusal.USER_CONNECTIONS);
    assertThat(budgets.admitUser(b, u)).isNull();
    budgets.releaseUser(a, u);
    assertThat(budgets.admitUser(a, u)).isNull();
  }

  @Test
  void connectRatesRefillWithTime() {
    ClientBudgets budgets =
        new ClientBudgets(ClientLimits.none().withConnectsPerAddress(2, 2), nanos::get);
    assertThat(budgets.admitAddress("10.0.0.1")).isNull();
    assertThat(budgets.admitAddress("10.0.0.1")).isNull();
    assertThat(budgets.admitAddress("10.0.0.1"))
        .isEqualTo(ClientBudgets.Refusal.ADDRESS_CONNECT_RATE);
    assertThat(budgets.admitAddress("10.0.0.2")).isNull();
    nanos.addAndGet(500_000_000L);
    assertThat(budgets.admitAddress("10.0.0.1")).isNull();
  }

  @Test
  void eventBudgetsOfUserAndAddressBothApply() {
    ClientBudgets budgets =
        new ClientBudgets(
            ClientLimits.none().withEventsPerUser(1, 3).withEventsPerAddress(1, 4), nanos::get);
    int taken = 0;
    for (int i = 0; i < 10; i++) {
      taken += budgets.takeEvent("10.0.0.1", a, u) ? 1 : 0;
    }
    assertThat(taken).isEqualTo(3);
    assertThat(budgets.takeEvent("10.0.0.1", a, UserId.of("other"))).isTrue(); // 4th of the address
    assertThat(budgets.takeEvent("10.0.0.1", a, UserId.of("third"))).isFalse();
  }

  @Test
  void idleClientsAreForgottenAndActiveOnesKept() {
    ClientBudgets budgets = new ClientBudgets(ClientLimits.defaults().resolved(), nanos::get);
    for (int i = 0; i < 1000; i++) {
      UserId user = UserId.of("v" + i);
      assertThat(budgets.admitUser(a, user)).isNull();
      budgets.takeEvent("10.0.0.1", a, user);
      if (i > 0) {
        budgets.releaseUser(a, user);
      }
    }
    budgets.evictIdle();
    assertThat(budgets.tracked()).as("buckets not yet refilled").isEqualTo(1000);
    nanos.addAndGet(60_000_000_000L);
    budgets.evictIdle();
    assertThat(budgets.tracked()).as("only the user with an open socket").isEqualTo(1);
  }
}
