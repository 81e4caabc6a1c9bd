package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an engine URI names a standalone Redis or the seeds of a Redis Cluster. */
class RedisConnectorTest {
  @Test
  void aClusterUriListsItsSeeds() {
    assertThat(RedisConnector.isCluster("redis-cluster://a:7000")).isTrue();
    assertThat(RedisConnector.isCluster("REDISS-CLUSTER://a:7000")).isTrue();
    assertThat(RedisConnector.isCluster("redis://a:6379")).isFalse();

    List<RedisURI> seeds =
        RedisConnector.seeds("redis-cluster://10.0.0.1:7000, 10.0.0.2:7001", Duration.ofSeconds(3));
    assertThat(seeds).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(seeds).extracting(RedisURI::getPort).containsExactly(7000, 7001);
    assertThat(seeds).allSatisfy(u -> assertThat(u.getTimeout()).isEqualTo(Duration.ofSeconds(3)));
    assertThat(seeds).allSatisfy(u -> assertThat(u.isSsl()).isFalse());
  }

  @Test
  void credentialsAndTlsApplyToEverySeed() {
    List<RedisURI> seeds =
        RedisConnector.seeds("rediss-cluster://app:secret@a:7000,b:7000", Duration.ofSeconds(1));
    assertThat(seeds).hasSize(2);
    assertThat(seeds).allSatisfy(u -> assertThat(u.isSsl()).isTrue());
    for (RedisURI u : seeds) {
      RedisCredentials c = u.getCredentialsProvider().resolveCredentials().block();
      assertThat(c.getUsername()).isEqualTo("app");
      assertThat(new String(c.getPassword())).isEqualTo("secret");
    }
  }

  @Test
  void aClusterUriWithoutHostIsRefused() {
    assertThatThrownBy(() -> RedisConnector.seeds("redis-cluster://", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeyPrefixWithABraceIsRefused() {
    assertThatThrownBy(() -> RedisClusterEngine.builder().keyPrefix("a{b}:"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
