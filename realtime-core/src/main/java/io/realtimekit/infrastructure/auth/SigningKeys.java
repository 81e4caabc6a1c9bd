package io.realtimekit.infrastructure.auth;

import com.nimbusds.jwt.SignedJWT;

/**
 * Where the verification keys come from, and the signature check against them.
 *
 * <p>Contract: {@link #verify} returns normally only when the token's signature verifies with one
 * of the keys, else throws the reason ({@code INVALID_SIGNATURE}, or for a JWK set also {@code
 * UNKNOWN_KEY}, {@code KEYS_UNAVAILABLE} or {@code ALGORITHM_NOT_ALLOWED}). It is only called after
 * the header's algorithm has passed the verifier's allow-list, which only ever holds algorithms of
 * this key family. Implementations are immutable in their configuration and thread-safe, and never
 * log a token or a part of one.
 *
 * @see HmacSigningKeys
 * @see JwkSetSigningKeys
 */
interface SigningKeys {
  /**
   * Returns normally when the signature verifies, else throws the reason.
   *
   * @param jwt the parsed, not yet trusted token
   * @throws TokenRefusal when the signature does not verify or no key can be found
   */
  void verify(SignedJWT jwt) throws TokenRefusal;
}
