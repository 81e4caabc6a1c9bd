package io.realtimekit.infrastructure.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.application.port.DeliveredMessages.Record;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryDeliveredMessagesTest {
  static final CompanyId C = CompanyId.of(UUID.randomUUID());

  static Record record(String id) {
    return new Record(id, C, UserId.of("a"), UserId.of("b"));
  }

  @Test
  void remembersTheMostRecentMessagesUpToItsCapacity() {
    InMemoryDeliveredMessages store = new InMemoryDeliveredMessages(3);
    for (String id : List.of("m1", "m2", "m3", "m4")) {
      store.remember(record(id));
    }
    assertThat(store.find("m1")).isEmpty();
    assertThat(store.find("m4")).contains(record("m4"));
    assertThat(store.find("m2")).isPresent();
    assertThat(store.size()).isEqualTo(3);
  }

  @Test
  void concurrentWritersNeverGrowItPastItsCapacity() throws Exception {
    InMemoryDeliveredMessages store = new InMemoryDeliveredMessages(1_000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        all.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    store.remember(record(thread + "-" + i));
                  }
                }));
      }
      for (Future<?> f : all) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(store.size()).isLessThanOrEqualTo(1_000);
  }
}
