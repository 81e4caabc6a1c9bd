package io.realtimekit.infrastructure.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.SignedJWT;
import io.realtimekit.infrastructure.auth.TokenRefusal.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SigningKeys} for a (possibly remote, cached) JWK set of RSA and EC public keys; one
 * verifier per key, built on first use.
 *
 * <p>Contract: created by {@link #fromFile} (read once, now) or {@link #fromUrl} (fetched on first
 * use, cached, refreshed ahead of expiry and on a key-id miss at a bounded rate, never per token).
 * Keys are selected by the token's header ({@code kid}, {@code alg}); a rate-limited refresh is
 * {@code UNKNOWN_KEY}, an unreachable set is {@code KEYS_UNAVAILABLE} (logged at WARN at most once
 * a minute, with the reason, never a token), and no matching key is {@code UNKNOWN_KEY}. At most 64
 * per-key verifiers are cached. Thread-safe.
 */
final class JwkSetSigningKeys implements SigningKeys {
  // the verifier's logger, so that operators keep one logger name for everything token-related
  private static final Logger LOG = LoggerFactory.getLogger(JwtTokenVerifier.class);

  /** The RSA and EC families: the only algorithms a JWK-set verifier's allow-list may hold. */
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private static final int MAX_CACHED_VERIFIERS = 64;
  private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

  private final JWKSource<SecurityContext> source;
  private final Map<JWK, JWSVerifier> verifiers = new ConcurrentHashMap<>();
  private final AtomicLong lastWarning = new AtomicLong();

  private JwkSetSigningKeys(JWKSource<SecurityContext> source) {
    this.source = source;
  }

  /**
   * Keys read now from a JWK set file; only the public parts of its keys are used.
   *
   * @param file the JWK set file (JSON, {@code {"keys":[...]}})
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the file is not a JWK set with at least one RSA or EC key
   * @return the keys
   */
  static JwkSetSigningKeys fromFile(Path file) {
    JWKSet set;
    try {
      set = JWKSet.load(file.toFile()).toPublicJWKSet();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JWK set file " + file, e);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the file " + file + " is not a JWK set", e);
    }
    boolean usable =
        set.getKeys().stream().anyMatch(k -> k instanceof RSAKey || k instanceof ECKey);
    if (!usable) {
      throw new IllegalArgumentException("the JWK set file " + file + " has no RSA or EC key");
    }
    return new JwkSetSigningKeys(new ImmutableJWKSet<>(set));
  }

  /**
   * Keys fetched from a URL on first use (2 s connect and read timeouts, at most 256 KiB), cached
   * for {@code cacheTtl}, refreshed ahead of expiry, and refreshed on a key-id miss at most about
   * once every 30 seconds.
   *
   * @param url an absolute http(s) URL, already checked by {@link JwtTokenVerifier#jwkSetUrl}
   * @param cacheTtl at least one second
   * @throws IllegalArgumentException when the URL is not a valid URL
   * @return the keys
   */
  static JwkSetSigningKeys fromUrl(URI url, Duration cacheTtl) {
    try {
      long ttl = cacheTtl.toMillis();
      JWKSource<SecurityContext> source =
          JWKSourceBuilder.<SecurityContext>create(
                  url.toURL(), new DefaultResourceRetriever(2_000, 2_000, 256 * 1024))
              .cache(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
              .refreshAheadCache(
                  Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, ttl / 2), false)
              .rateLimited(JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL)
              .build();
      return new JwkSetSigningKeys(source);
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid JWK set URL", e);
    }
  }

  @Override
  public void verify(SignedJWT jwt) throws TokenRefusal {
    JWSHeader header = jwt.getHeader();
    JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
    if (matcher == null) {
      throw TokenRefusal.of(Reason.ALGORITHM_NOT_ALLOWED);
    }
    List<JWK> candidates;
    try {
      candidates = source.get(new JWKSelector(matcher), null);
    } catch (RateLimitReachedException e) {
      // a key-id miss asked for a refresh too soon after the last one
      throw TokenRefusal.of(Reason.UNKNOWN_KEY);
    } catch (KeySourceException e) {
      warnUnavailable(e);
      throw TokenRefusal.of(Reason.KEYS_UNAVAILABLE);
    }
    if (candidates == null || candidates.isEmpty()) {
      throw TokenRefusal.of(Reason.UNKNOWN_KEY);
    }
    for (JWK jwk : candidates) {
      JWSVerifier verifier = verifierFor(jwk);
      try {
        if (verifier != null && jwt.verify(verifier)) {
          return;
        }
      } catch (JOSEException | IllegalStateException e) {
        // try the next key
      }
    }
    throw TokenRefusal.of(Reason.INVALID_SIGNATURE);
  }

  /** Logs an unreachable key set at WARN, at most once a minute (the reason, never a token). */
  private void warnUnavailable(KeySourceException e) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if ((now - last > WARN_INTERVAL_NANOS || last == 0) && lastWarning.compareAndSet(last, now)) {
      LOG.warn("JWK set unavailable, tokens are refused: {}", e.getMessage());
    } else {
      LOG.debug("JWK set unavailable: {}", e.getMessage());
    }
  }

  private JWSVerifier verifierFor(JWK jwk) {
    JWSVerifier cached = verifiers.get(jwk);
    if (cached != null) {
      return cached;
    }
    JWSVerifier created;
    try {
      if (jwk instanceof RSAKey rsa) {
        created = new RSASSAVerifier(rsa.toRSAPublicKey());
      } else if (jwk instanceof ECKey ec) {
        created = new ECDSAVerifier(ec.toECPublicKey());
      } else {
        return null;
      }
    } catch (JOSEException e) {
      LOG.debug("unusable key in JWK set: {}", e.getClass().getName());
      return null;
    }
    if (verifiers.size() >= MAX_CACHED_VERIFIERS) {
      verifiers.clear(); // keys rotated many times: start over
    }
    verifiers.put(jwk, created);
    return created;
  }
}
