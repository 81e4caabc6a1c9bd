package io.realtimekit.bench.micro;

import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** HS256 verification of a valid token, and the refusal of a forged one. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenBench {
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final TokenVerifier verifier = JwtTokenVerifier.hmac(SECRET).build();
  private final String valid =
      new HmacTokenIssuer(SECRET)
          .issue(
              UserId.of("v1"),
              CompanyId.of(UUID.randomUUID()),
              Set.of(Role.VISITOR),
              Duration.ofHours(2));
  private final String forged =
      new HmacTokenIssuer("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8))
          .issue(
              UserId.of("v1"),
              CompanyId.of(UUID.randomUUID()),
              Set.of(Role.VISITOR),
              Duration.ofHours(2));

  @Benchmark
  public Result<VerifiedToken> verifyValidHs256() {
    return verifier.verify(valid);
  }

  @Benchmark
  public Result<VerifiedToken> refuseForgedHs256() {
    return verifier.verify(forged);
  }
}
