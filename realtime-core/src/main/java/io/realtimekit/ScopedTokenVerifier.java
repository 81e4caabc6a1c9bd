package io.realtimekit;

import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserIdScope;

/**
 * The host's token verifier with the user id of every verified token made what {@link
 * UserIdScope#identify} says: under {@link UserIdScope#PER_COMPANY} the {@code sub} qualified with
 * the token's company, so that every store, key and map of the node is per company without knowing
 * it. A {@code sub} too long to qualify is refused as an invalid subject. Thread-safe when the
 * verifier is.
 */
final class ScopedTokenVerifier implements TokenVerifier {
  private final TokenVerifier verifier;
  private final UserIdScope scope;

  private ScopedTokenVerifier(TokenVerifier verifier, UserIdScope scope) {
    this.verifier = verifier;
    this.scope = scope;
  }

  /** {@code verifier} itself under {@link UserIdScope#GLOBAL}, wrapped otherwise. */
  static TokenVerifier of(TokenVerifier verifier, UserIdScope scope) {
    return scope == UserIdScope.GLOBAL ? verifier : new ScopedTokenVerifier(verifier, scope);
  }

  @Override
  public Result<VerifiedToken> verify(String token) {
    Result<VerifiedToken> verified = verifier.verify(token);
    if (!verified.isOk()) {
      return verified;
    }
    VerifiedToken t = verified.value();
    try {
      return Result.ok(
          new VerifiedToken(
              scope.identify(t.companyId(), t.userId()),
              t.companyId(),
              t.roles(),
              t.expiresAt(),
              t.claims()));
    } catch (DomainException e) {
      return Result.failure(ErrorCode.UNAUTHORIZED, "invalid subject");
    }
  }
}
