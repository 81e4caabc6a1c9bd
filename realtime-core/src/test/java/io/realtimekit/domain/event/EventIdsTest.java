package io.realtimekit.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void idsAreVersion4IetfVariantAndDistinct() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      UUID id = EventIds.next();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(seen.add(id)).isTrue();
    }
    assertThat(UUID.fromString(EventIds.next().toString()).version()).isEqualTo(4);
  }
}
