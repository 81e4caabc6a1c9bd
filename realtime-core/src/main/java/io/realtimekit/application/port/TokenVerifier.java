package io.realtimekit.application.port;

import io.realtimekit.domain.Result;

/**
 * Turns a bearer token into a verified identity.
 *
 * <p>Contract: thread-safe; never throws for a bad token (it returns a failure with code {@code
 * UNAUTHORIZED}); the failure message says why in a few words ({@code "token expired"}) and never
 * contains the token or any part of it; no network call per token (key sets are cached and
 * refreshed in the background or on a key-id miss, at a bounded rate).
 */
@FunctionalInterface
public interface TokenVerifier {

  /**
   * Verifies {@code token}.
   *
   * @param token the compact serialised token, as received (may be null or garbage)
   * @return the verified identity, or a failure with code {@code UNAUTHORIZED}
   */
  Result<VerifiedToken> verify(String token);
}
