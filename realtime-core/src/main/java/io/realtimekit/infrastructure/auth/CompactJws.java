package io.realtimekit.infrastructure.auth;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.realtimekit.infrastructure.auth.TokenRefusal.Reason;
import java.text.ParseException;

/**
 * A token in compact JWS serialisation, split into its three Base64URL parts after cheap structural
 * checks, before anything is decoded.
 *
 * <p>Contract: {@link #split} accepts only a non-blank string of at most {@link
 * JwtTokenVerifier#MAX_TOKEN_LENGTH} Base64URL characters with exactly two dots and a non-empty
 * header part (so a JWE, with five parts, is {@code MALFORMED}); {@link #header} accepts only a JWS
 * header (so {@code alg: none} and JWE headers are {@code ALGORITHM_NOT_ALLOWED}). Nothing here is
 * trusted yet: the signature is checked by a {@link SigningKeys}. Immutable.
 *
 * @param headerPart the encoded JOSE header
 * @param payloadPart the encoded claims
 * @param signaturePart the encoded signature, possibly empty
 */
record CompactJws(Base64URL headerPart, Base64URL payloadPart, Base64URL signaturePart) {

  /**
   * Checks the token's shape and splits it.
   *
   * @param token the token as received, possibly null or garbage
   * @return its three parts
   * @throws TokenRefusal {@code MISSING_TOKEN}, {@code TOKEN_TOO_LARGE} or {@code MALFORMED}
   */
  static CompactJws split(String token) throws TokenRefusal {
    if (token == null || token.isBlank()) {
      throw TokenRefusal.of(Reason.MISSING_TOKEN);
    }
    if (token.length() > JwtTokenVerifier.MAX_TOKEN_LENGTH) {
      throw TokenRefusal.of(Reason.TOKEN_TOO_LARGE);
    }
    int firstDot = -1;
    int secondDot = -1;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (firstDot < 0) {
          firstDot = i;
        } else if (secondDot < 0) {
          secondDot = i;
        } else {
          throw TokenRefusal.of(Reason.MALFORMED); // JWE (5 parts) or junk
        }
      } else if (!isBase64Url(c)) {
        throw TokenRefusal.of(Reason.MALFORMED);
      }
    }
    if (secondDot < 0 || firstDot == 0) {
      throw TokenRefusal.of(Reason.MALFORMED);
    }
    return new CompactJws(
        new Base64URL(token.substring(0, firstDot)),
        new Base64URL(token.substring(firstDot + 1, secondDot)),
        new Base64URL(token.substring(secondDot + 1)));
  }

  /**
   * Decodes the JOSE header.
   *
   * @return the header, which names a JWS algorithm
   * @throws TokenRefusal {@code MALFORMED}, or {@code ALGORITHM_NOT_ALLOWED} for an unsecured or
   *     encrypted token
   */
  JWSHeader header() throws TokenRefusal {
    try {
      Header parsed = Header.parse(headerPart);
      if (!(parsed instanceof JWSHeader jws)) {
        // alg "none" (unsecured) or a JWE header
        throw TokenRefusal.of(Reason.ALGORITHM_NOT_ALLOWED);
      }
      return jws;
    } catch (ParseException e) {
      throw TokenRefusal.of(Reason.MALFORMED);
    }
  }

  /**
   * True when the signature part is empty.
   *
   * @return whether there is no signature at all
   */
  boolean signatureMissing() {
    return signaturePart.toString().isEmpty();
  }

  /**
   * The parsed, not yet verified, token.
   *
   * @return the signed JWT
   * @throws TokenRefusal {@code MALFORMED}
   */
  SignedJWT signedJwt() throws TokenRefusal {
    try {
      return new SignedJWT(headerPart, payloadPart, signaturePart);
    } catch (ParseException e) {
      throw TokenRefusal.of(Reason.MALFORMED);
    }
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
