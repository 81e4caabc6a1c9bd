package io.realtimekit.infrastructure.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.realtimekit.infrastructure.auth.TokenRefusal.Reason;
import java.util.Set;

/**
 * {@link SigningKeys} for one shared HMAC secret: one reusable MAC verifier.
 *
 * <p>Contract: built from a secret already checked to be at least {@link
 * JwtTokenVerifier#MIN_SECRET_BYTES} bytes (and already copied) by {@link JwtTokenVerifier#hmac};
 * verifies HS256, HS384 and HS512 ({@link #ALGORITHMS}); any signature failure, including a nimbus
 * error, is {@code INVALID_SIGNATURE}. Immutable and thread-safe.
 */
final class HmacSigningKeys implements SigningKeys {
  /** The HMAC family: the only algorithms an HMAC verifier's allow-list may hold. */
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

  private final JWSVerifier verifier;

  /**
   * Creates the MAC verifier.
   *
   * @param secret the shared secret
   * @throws IllegalArgumentException when nimbus finds the secret unusable
   */
  HmacSigningKeys(byte[] secret) {
    try {
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable HMAC secret: " + e.getMessage(), e);
    }
  }

  @Override
  public void verify(SignedJWT jwt) throws TokenRefusal {
    boolean ok;
    try {
      ok = jwt.verify(verifier);
    } catch (JOSEException e) {
      ok = false;
    }
    if (!ok) {
      throw TokenRefusal.of(Reason.INVALID_SIGNATURE);
    }
  }
}
