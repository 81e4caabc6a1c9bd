package io.realtimekit.infrastructure.auth;

import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import java.util.EnumMap;
import java.util.Map;

/**
 * Thrown internally to leave a token verification with a {@link Reason}; no stack trace, never
 * escapes.
 *
 * <p>Contract: there is exactly one shared, immutable instance per reason ({@link #of}), created
 * without a stack trace or suppressed exceptions, so refusing a token costs no allocation. Its
 * message is the reason's name, never the token or a part of it. Only {@link
 * JwtTokenVerifier#verify} catches it, and turns it into the reason's ready-made {@link Result}.
 */
final class TokenRefusal extends Exception {

  /** Why a token was refused; each reason holds its ready-made (immutable) result. */
  enum Reason {
    MISSING_TOKEN("missing token"),
    TOKEN_TOO_LARGE("token too large"),
    MALFORMED("malformed token"),
    ALGORITHM_NOT_ALLOWED("algorithm not allowed"),
    UNKNOWN_KEY("unknown signing key"),
    KEYS_UNAVAILABLE("signing keys unavailable"),
    INVALID_SIGNATURE("invalid signature"),
    REFRESH("refresh tokens are not accepted"),
    WRONG_TYPE("wrong token type"),
    MISSING_EXPIRY("missing expiry"),
    EXPIRED("token expired"),
    NOT_YET_VALID("token not yet valid"),
    WRONG_ISSUER("wrong issuer"),
    WRONG_AUDIENCE("wrong audience"),
    MISSING_SUBJECT("missing subject"),
    INVALID_SUBJECT("invalid subject"),
    MISSING_COMPANY("missing companyId"),
    INVALID_COMPANY("invalid companyId"),
    MISSING_ROLES("missing roles"),
    INVALID_ROLES("invalid roles"),
    UNKNOWN_ROLE("unknown role");

    final Result<VerifiedToken> result;

    Reason(String message) {
      this.result = Result.failure(ErrorCode.UNAUTHORIZED, message);
    }
  }

  private static final Map<Reason, TokenRefusal> ALL = new EnumMap<>(Reason.class);

  static {
    for (Reason r : Reason.values()) {
      ALL.put(r, new TokenRefusal(r));
    }
  }

  final Reason reason;

  private TokenRefusal(Reason reason) {
    super(reason.name(), null, false, false);
    this.reason = reason;
  }

  /**
   * The shared refusal for {@code reason}.
   *
   * @param reason why the token is refused
   * @return the one instance for that reason, ready to be thrown
   */
  static TokenRefusal of(Reason reason) {
    return ALL.get(reason);
  }
}
