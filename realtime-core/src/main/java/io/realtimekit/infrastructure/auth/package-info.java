/**
 * JWT authentication on nimbus-jose-jwt: {@link
 * io.realtimekit.infrastructure.auth.JwtTokenVerifier} implements the {@link
 * io.realtimekit.application.port.TokenVerifier} port (HMAC secrets, JWK sets from a file or a
 * cached URL, an algorithm allow-list, refresh tokens and {@code alg: none} refused), and {@link
 * io.realtimekit.infrastructure.auth.HmacTokenIssuer} mints HS256 tokens for demos and tests.
 *
 * <p>Nothing here ever logs or returns a token or a part of one: failures carry a short reason with
 * code {@code UNAUTHORIZED}.
 */
package io.realtimekit.infrastructure.auth;
