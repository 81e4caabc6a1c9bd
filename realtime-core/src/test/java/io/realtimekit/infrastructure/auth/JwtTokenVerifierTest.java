package io.realtimekit.infrastructure.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.RoleCatalog;
import io.realtimekit.domain.UserId;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTokenVerifierTest {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String COMPANY = "5b0a3c1e-8f43-4d5e-9a61-0c7c2f7b9e11";
  static final byte[] SECRET = bytes(64);
  static final byte[] OTHER_SECRET = bytes(64);

  static RSAKey rsa;
  static ECKey ec;

  @BeforeAll
  static void keys() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  // ----- token building helpers -----

  static JWTClaimsSet.Builder validClaims() {
    return new JWTClaimsSet.Builder()
        .subject("user-1")
        .claim("companyId", COMPANY)
        .claim("roles", List.of("commercial"))
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(600)));
  }

  static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
    JWTClaimsSet.Builder b = validClaims();
    change.accept(b);
    return b.build();
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String hs(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) {
    try {
      return sign(
          new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).build(),
          claims,
          new MACSigner(secret));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String hs256(JWTClaimsSet claims) {
    return hs(JWSAlgorithm.HS256, SECRET, claims);
  }

  static String hs256(Consumer<JWTClaimsSet.Builder> change) {
    return hs256(claims(change));
  }

  static String hs256WithType(String typ, JWTClaimsSet claims) {
    try {
      JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.HS256);
      if (typ != null) {
        h.type(new JOSEObjectType(typ));
      }
      return sign(h.build(), claims, new MACSigner(SECRET));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String rs256(RSAKey key, JWTClaimsSet claims) {
    try {
      return sign(
          new JWSHeader.Builder(JWSAlgorithm.RS256)
              .keyID(key.getKeyID())
              .type(JOSEObjectType.JWT)
              .build(),
          claims,
          new RSASSASigner(key));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String es256(ECKey key, JWTClaimsSet claims) {
    try {
      return sign(
          new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
          claims,
          new ECDSASigner(key));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static JwtTokenVerifier hmacVerifier() {
    return JwtTokenVerifier.hmac(SECRET).clock(CLOCK).build();
  }

  static void assertRefused(Result<VerifiedToken> result, String message) {
    assertThat(result.isOk()).as("refused").isFalse();
    Failure f = result.failure();
    assertThat(f.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(f.message()).isEqualTo(message);
  }

  static Path writeJwkSet(Path dir, JWK... keys) throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, new JWKSet(Arrays.asList(keys)).toPublicJWKSet().toString());
    return file;
  }

  // ----- HMAC -----

  @Nested
  class Hmac {
    final JwtTokenVerifier verifier = hmacVerifier();

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void accepts_a_valid_token(String alg) {
      String token = hs(JWSAlgorithm.parse(alg), SECRET, validClaims().build());

      VerifiedToken t = verifier.verify(token).value();

      assertThat(t.userId()).isEqualTo(UserId.of("user-1"));
      assertThat(t.companyId()).isEqualTo(CompanyId.of(COMPANY));
      assertThat(t.roles()).containsExactly(Role.COMMERCIAL);
      assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(600));
      assertThat(t.claims()).isEmpty();
    }

    @Test
    void refuses_a_token_signed_with_another_secret() {
      assertRefused(
          verifier.verify(hs(JWSAlgorithm.HS256, OTHER_SECRET, validClaims().build())),
          "invalid signature");
    }

    @Test
    void refuses_a_tampered_payload() {
      String token = hs256(validClaims().build());
      String[] parts = token.split("\\.");
      String forged = b64(claims(b -> b.claim("roles", List.of("admin"))).toString());
      assertRefused(verifier.verify(parts[0] + "." + forged + "." + parts[2]), "invalid signature");
    }

    @Test
    void refuses_an_empty_signature() {
      String token = hs256(validClaims().build());
      assertRefused(
          verifier.verify(token.substring(0, token.lastIndexOf('.') + 1)), "invalid signature");
    }

    @Test
    void refuses_an_algorithm_outside_the_allow_list() {
      JwtTokenVerifier only512 =
          JwtTokenVerifier.hmac(SECRET)
              .allowedAlgorithms(Set.of(JWSAlgorithm.HS512))
              .clock(CLOCK)
              .build();
      assertRefused(only512.verify(hs256(validClaims().build())), "algorithm not allowed");
      assertThat(only512.verify(hs(JWSAlgorithm.HS512, SECRET, validClaims().build())).isOk())
          .isTrue();
    }

    @Test
    void refuses_an_RS256_token() {
      assertRefused(verifier.verify(rs256(rsa, validClaims().build())), "algorithm not allowed");
    }

    @Test
    void refuses_an_ES256_token() {
      assertRefused(verifier.verify(es256(ec, validClaims().build())), "algorithm not allowed");
    }
  }

  // ----- alg none and garbage -----

  @Nested
  class Unsecured {
    final JwtTokenVerifier verifier = hmacVerifier();

    @Test
    void refuses_alg_none() {
      String payload = b64(validClaims().build().toString());
      String token = b64("{\"alg\":\"none\"}") + "." + payload + ".";
      assertRefused(verifier.verify(token), "algorithm not allowed");
    }

    @Test
    void refuses_alg_none_with_typ_and_a_signature_part() {
      String payload = b64(validClaims().build().toString());
      String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + "." + b64("sig");
      assertRefused(verifier.verify(token), "algorithm not allowed");
    }

    @Test
    void refuses_alg_None_in_another_case() {
      String payload = b64(validClaims().build().toString());
      String token = b64("{\"alg\":\"None\"}") + "." + payload + ".";
      assertThat(verifier.verify(token).isOk()).isFalse();
      assertThat(verifier.verify(token).failure().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void null_and_blank_are_missing() {
      assertRefused(verifier.verify(null), "missing token");
      assertRefused(verifier.verify(""), "missing token");
      assertRefused(verifier.verify("   "), "missing token");
    }

    @Test
    void a_20_KiB_token_is_refused_without_parsing() {
      String valid = hs256(validClaims().build());
      String huge = valid + "A".repeat(20 * 1024);
      assertRefused(verifier.verify(huge), "token too large");
      assertRefused(verifier.verify("x".repeat(20 * 1024)), "token too large");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "abc",
          "a.b",
          "a.b.c",
          "...",
          ".eyJ.sig",
          "a.b.c.d.e",
          "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0",
          "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
          "eyJhbGciOiJIUzI1NiJ9.e30.c2ln\n",
          "é.é.é",
          "e30.e30.e30",
          "bm90IGpzb24.bm90IGpzb24.c2ln",
          "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln"
        })
    void garbage_is_refused_and_never_throws(String garbage) {
      Result<VerifiedToken> r = verifier.verify(garbage);
      assertThat(r.isOk()).isFalse();
      assertThat(r.failure().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
      assertThat(r.failure().message())
          .isIn("malformed token", "invalid signature", "algorithm not allowed");
    }

    @Test
    void a_validly_signed_non_JSON_payload_is_malformed() throws Exception {
      com.nimbusds.jose.JWSObject jws =
          new com.nimbusds.jose.JWSObject(
              new JWSHeader(JWSAlgorithm.HS256), new com.nimbusds.jose.Payload("not json"));
      jws.sign(new MACSigner(SECRET));
      assertRefused(verifier.verify(jws.serialize()), "malformed token");
    }

    @Test
    void random_bytes_never_throw() {
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < 500; i++) {
        byte[] b = new byte[random.nextInt(200)];
        random.nextBytes(b);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        assertThat(verifier.verify(s).isOk()).isFalse();
        String dotted =
            b64(new String(b, StandardCharsets.ISO_8859_1)) + "." + b64("{}") + "." + b64("x");
        assertThat(verifier.verify(dotted).isOk()).isFalse();
      }
    }
  }

  // ----- claims -----

  @Nested
  class Claims {
    final JwtTokenVerifier verifier = hmacVerifier();

    @Test
    void refuses_an_expired_token() {
      assertRefused(
          verifier.verify(hs256(b -> b.expirationTime(Date.from(NOW.minusSeconds(31))))),
          "token expired");
    }

    @Test
    void accepts_a_token_expired_within_the_clock_skew() {
      assertThat(
              verifier.verify(hs256(b -> b.expirationTime(Date.from(NOW.minusSeconds(29))))).isOk())
          .isTrue();
    }

    @Test
    void the_clock_skew_is_configurable() {
      JwtTokenVerifier strict =
          JwtTokenVerifier.hmac(SECRET).clock(CLOCK).clockSkew(Duration.ZERO).build();
      assertRefused(strict.verify(hs256(b -> b.expirationTime(Date.from(NOW)))), "token expired");
      assertThat(strict.verify(hs256(b -> b.expirationTime(Date.from(NOW.plusSeconds(1))))).isOk())
          .isTrue();
    }

    @Test
    void refuses_a_token_without_exp() {
      assertRefused(verifier.verify(hs256(b -> b.expirationTime(null))), "missing expiry");
    }

    @Test
    void refuses_a_token_not_yet_valid() {
      assertRefused(
          verifier.verify(hs256(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(31))))),
          "token not yet valid");
      assertThat(
              verifier.verify(hs256(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(29))))).isOk())
          .isTrue();
    }

    @Test
    void checks_the_issuer_when_configured() {
      JwtTokenVerifier v =
          JwtTokenVerifier.hmac(SECRET).clock(CLOCK).issuer("https://idp.example").build();
      assertRefused(v.verify(hs256(b -> b.issuer("https://evil.example"))), "wrong issuer");
      assertRefused(v.verify(hs256(b -> {})), "wrong issuer");
      assertThat(v.verify(hs256(b -> b.issuer("https://idp.example"))).isOk()).isTrue();
    }

    @Test
    void checks_the_audience_when_configured() {
      JwtTokenVerifier v = JwtTokenVerifier.hmac(SECRET).clock(CLOCK).audience("realtime").build();
      assertRefused(v.verify(hs256(b -> b.audience("billing"))), "wrong audience");
      assertRefused(v.verify(hs256(b -> {})), "wrong audience");
      assertThat(v.verify(hs256(b -> b.audience("realtime"))).isOk()).isTrue();
      assertThat(v.verify(hs256(b -> b.audience(List.of("billing", "realtime")))).isOk()).isTrue();
    }

    @Test
    void checks_the_header_typ_when_configured() {
      JwtTokenVerifier v = JwtTokenVerifier.hmac(SECRET).clock(CLOCK).type("at+jwt").build();
      assertRefused(v.verify(hs256WithType("JWT", validClaims().build())), "wrong token type");
      assertRefused(v.verify(hs256WithType(null, validClaims().build())), "wrong token type");
      assertThat(v.verify(hs256WithType("at+jwt", validClaims().build())).isOk()).isTrue();
      assertThat(v.verify(hs256WithType("application/AT+JWT", validClaims().build())).isOk())
          .isTrue();
    }

    @Test
    void refuses_refresh_tokens_by_header_typ() {
      assertRefused(
          verifier.verify(hs256WithType("refresh", validClaims().build())),
          "refresh tokens are not accepted");
      assertRefused(
          verifier.verify(hs256WithType("Refresh+JWT", validClaims().build())),
          "refresh tokens are not accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"typ", "token_type", "token_use", "type"})
    void refuses_refresh_tokens_by_claim(String claim) {
      assertRefused(
          verifier.verify(hs256(b -> b.claim(claim, "REFRESH"))),
          "refresh tokens are not accepted");
    }

    @Test
    void an_access_type_claim_is_accepted_and_passed_on() {
      VerifiedToken t = verifier.verify(hs256(b -> b.claim("token_use", "access"))).value();
      assertThat(t.claims()).containsEntry("token_use", "access");
    }

    @Test
    void refuses_a_token_without_sub() {
      assertRefused(verifier.verify(hs256(b -> b.subject(null))), "missing subject");
      assertRefused(verifier.verify(hs256(b -> b.subject("  "))), "missing subject");
      assertRefused(verifier.verify(hs256(b -> b.subject("a b"))), "invalid subject");
      assertRefused(verifier.verify(hs256(b -> b.subject("x".repeat(129)))), "invalid subject");
    }

    @Test
    void refuses_a_bad_companyId() {
      assertRefused(
          verifier.verify(hs256(b -> b.claim("companyId", "not-a-uuid"))), "invalid companyId");
      assertRefused(verifier.verify(hs256(b -> b.claim("companyId", 42))), "invalid companyId");
      assertRefused(
          verifier.verify(hs256(b -> b.claim("companyId", List.of(COMPANY)))), "invalid companyId");
      assertRefused(verifier.verify(hs256(b -> b.claim("companyId", null))), "missing companyId");
    }

    @Test
    void refuses_a_token_without_roles() {
      assertRefused(verifier.verify(hs256(b -> b.claim("roles", null))), "missing roles");
      assertRefused(verifier.verify(hs256(b -> b.claim("roles", List.of()))), "missing roles");
      assertRefused(verifier.verify(hs256(b -> b.claim("roles", List.of(1)))), "invalid roles");
      assertRefused(
          verifier.verify(hs256(b -> b.claim("roles", Map.of("a", "admin")))), "invalid roles");
    }

    @Test
    void accepts_role_as_an_alias_string_or_array() {
      VerifiedToken single =
          verifier.verify(hs256(b -> b.claim("roles", null).claim("role", "admin"))).value();
      assertThat(single.roles()).containsExactly(Role.ADMIN);
      VerifiedToken many =
          verifier
              .verify(
                  hs256(b -> b.claim("roles", null).claim("role", List.of("admin", "commercial"))))
              .value();
      assertThat(many.roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.COMMERCIAL);
      assertThat(many.claims()).doesNotContainKeys("role", "roles");
    }

    @Test
    void refuses_an_unknown_role() {
      assertRefused(
          verifier.verify(hs256(b -> b.claim("roles", List.of("commercial", "superuser")))),
          "unknown role");
      assertRefused(
          verifier.verify(hs256(b -> b.claim("roles", List.of("Admin")))), "unknown role");
    }

    @Test
    void a_role_catalog_accepts_host_roles() {
      JwtTokenVerifier v =
          JwtTokenVerifier.hmac(SECRET)
              .clock(CLOCK)
              .roleCatalog(RoleCatalog.builtInPlus(List.of(Role.of("supervisor"))))
              .build();
      VerifiedToken t = v.verify(hs256(b -> b.claim("roles", List.of("supervisor")))).value();
      assertThat(t.roles()).containsExactly(Role.of("supervisor"));
    }

    @Test
    void other_claims_are_passed_on_as_plain_java_without_nulls() {
      Map<String, Object> nested = new java.util.HashMap<>();
      nested.put("a", 1);
      nested.put("gone", null);
      String token =
          hs256(
              b ->
                  b.issuer("idp")
                      .audience("realtime")
                      .jwtID("j1")
                      .notBeforeTime(Date.from(NOW))
                      .claim("maxChats", 3)
                      .claim("ratio", 0.5)
                      .claim("vip", true)
                      .claim("tags", List.of("x", "y"))
                      .claim("nested", nested)
                      .claim("nothing", null));

      VerifiedToken t = verifier.verify(token).value();

      assertThat(t.claims())
          .containsOnlyKeys("maxChats", "ratio", "vip", "tags", "nested")
          .containsEntry("maxChats", 3L)
          .containsEntry("ratio", 0.5)
          .containsEntry("vip", true)
          .containsEntry("tags", List.of("x", "y"))
          .containsEntry("nested", Map.of("a", 1L));
      assertThat(t.claims().get("nested").getClass().getName()).startsWith("java.util.");
      assertThat(t.claims().get("tags").getClass().getName()).startsWith("java.util.");
    }
  }

  // ----- JWK set file -----

  @Nested
  class JwkFile {
    @TempDir Path dir;
    JwtTokenVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
      verifier = JwtTokenVerifier.jwkSetFile(writeJwkSet(dir, rsa, ec)).clock(CLOCK).build();
    }

    @Test
    void accepts_a_valid_RS256_token() {
      VerifiedToken t = verifier.verify(rs256(rsa, validClaims().build())).value();
      assertThat(t.userId()).isEqualTo(UserId.of("user-1"));
      assertThat(t.companyId()).isEqualTo(CompanyId.of(COMPANY));
      assertThat(t.roles()).containsExactly(Role.COMMERCIAL);
    }

    @Test
    void accepts_a_valid_ES256_token() {
      VerifiedToken t =
          verifier.verify(es256(ec, claims(b -> b.claim("roles", List.of("visitor"))))).value();
      assertThat(t.roles()).containsExactly(Role.VISITOR);
      assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(600));
    }

    @Test
    void accepts_a_valid_PS256_token() throws Exception {
      String token =
          sign(
              new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("rsa-1").build(),
              validClaims().build(),
              new RSASSASigner(rsa));
      assertThat(verifier.verify(token).isOk()).isTrue();
    }

    @Test
    void refuses_a_token_signed_by_another_RSA_key_with_the_same_kid() throws Exception {
      RSAKey impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
      assertRefused(verifier.verify(rs256(impostor, validClaims().build())), "invalid signature");
    }

    @Test
    void refuses_an_unknown_kid() throws Exception {
      RSAKey other = new RSAKeyGenerator(2048).keyID("rsa-other").generate();
      assertRefused(verifier.verify(rs256(other, validClaims().build())), "unknown signing key");
    }

    @Test
    void refuses_an_HS256_token() {
      assertRefused(verifier.verify(hs256(validClaims().build())), "algorithm not allowed");
    }

    @Test
    void refuses_HMAC_signed_with_the_RSA_public_key_as_secret() throws Exception {
      byte[] der = rsa.toRSAPublicKey().getEncoded();
      String pem =
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(der)
              + "\n-----END PUBLIC KEY-----\n";
      String jwkJson = rsa.toPublicJWK().toJSONString();
      for (byte[] secret :
          List.of(
              der,
              pem.getBytes(StandardCharsets.US_ASCII),
              jwkJson.getBytes(StandardCharsets.UTF_8))) {
        String token =
            sign(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                validClaims().build(),
                new MACSigner(secret));
        assertRefused(verifier.verify(token), "algorithm not allowed");
      }
    }

    @Test
    void an_allow_list_can_narrow_the_algorithms() throws Exception {
      JwtTokenVerifier rsOnly =
          JwtTokenVerifier.jwkSetFile(writeJwkSet(dir, rsa, ec))
              .allowedAlgorithms(Set.of(JWSAlgorithm.RS256))
              .clock(CLOCK)
              .build();
      assertThat(rsOnly.verify(rs256(rsa, validClaims().build())).isOk()).isTrue();
      assertRefused(rsOnly.verify(es256(ec, validClaims().build())), "algorithm not allowed");
    }

    @Test
    void refuses_an_ES256_token_with_the_RSA_kid() {
      ECKey ecWithRsaKid = new ECKey.Builder(ec).keyID("rsa-1").build();
      assertRefused(
          verifier.verify(es256(ecWithRsaKid, validClaims().build())), "unknown signing key");
    }
  }

  // ----- JWK set URL -----

  @Nested
  class JwkUrl {
    HttpServer server;
    final AtomicInteger fetches = new AtomicInteger();
    URI url;

    @BeforeEach
    void start() throws Exception {
      byte[] body =
          new JWKSet(List.<JWK>of(rsa, ec))
              .toPublicJWKSet()
              .toString()
              .getBytes(StandardCharsets.UTF_8);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/jwks",
          exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    @AfterEach
    void stop() {
      server.stop(0);
    }

    @Test
    void verifies_100_tokens_with_exactly_one_fetch() {
      JwtTokenVerifier verifier = JwtTokenVerifier.jwkSetUrl(url).clock(CLOCK).build();
      assertThat(fetches).hasValue(0); // fetched on first use, not at build
      for (int i = 0; i < 100; i++) {
        String token =
            i % 2 == 0 ? rs256(rsa, validClaims().build()) : es256(ec, validClaims().build());
        VerifiedToken t = verifier.verify(token).value();
        assertThat(t.userId()).isEqualTo(UserId.of("user-1"));
      }
      assertThat(fetches).hasValue(1);
    }

    @Test
    void a_kid_miss_refreshes_at_a_bounded_rate() throws Exception {
      JwtTokenVerifier verifier = JwtTokenVerifier.jwkSetUrl(url).clock(CLOCK).build();
      assertThat(verifier.verify(rs256(rsa, validClaims().build())).isOk()).isTrue();
      RSAKey unknown = new RSAKeyGenerator(2048).keyID("rotated").generate();
      for (int i = 0; i < 20; i++) {
        assertRefused(
            verifier.verify(rs256(unknown, validClaims().build())), "unknown signing key");
      }
      assertThat(fetches.get()).isBetween(1, 3);
      assertThat(verifier.verify(rs256(rsa, validClaims().build())).isOk()).isTrue();
    }

    @Test
    void an_unreachable_key_set_refuses_tokens_without_throwing() {
      server.stop(0);
      JwtTokenVerifier verifier = JwtTokenVerifier.jwkSetUrl(url).clock(CLOCK).build();
      Result<VerifiedToken> r = verifier.verify(rs256(rsa, validClaims().build()));
      assertRefused(r, "signing keys unavailable");
    }
  }

  // ----- secrecy, thread safety, builder -----

  @Test
  void no_failure_message_contains_the_token_or_a_part_of_it() {
    JwtTokenVerifier verifier =
        JwtTokenVerifier.hmac(SECRET)
            .clock(CLOCK)
            .issuer("idp")
            .audience("realtime")
            .type("JWT")
            .build();
    List<String> tokens = new ArrayList<>();
    tokens.add(hs(JWSAlgorithm.HS256, OTHER_SECRET, validClaims().build()));
    tokens.add(hs256(b -> b.expirationTime(Date.from(NOW.minusSeconds(3600)))));
    tokens.add(hs256(b -> b.issuer("evil-issuer-name")));
    tokens.add(hs256(b -> b.issuer("idp").audience("evil-audience")));
    tokens.add(hs256(b -> b.issuer("idp").audience("realtime").subject("bad subject")));
    tokens.add(hs256(b -> b.issuer("idp").audience("realtime").claim("companyId", "evil-company")));
    tokens.add(
        hs256(b -> b.issuer("idp").audience("realtime").claim("roles", List.of("evilrole"))));
    tokens.add(hs256WithType("evil+type", validClaims().build()));
    tokens.add(rs256(rsa, validClaims().build()));
    tokens.add(b64("{\"alg\":\"none\"}") + "." + b64(validClaims().build().toString()) + ".");
    tokens.add("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2lnbmF0dXJl");
    tokens.add("evil.junk.here");
    for (String token : tokens) {
      Result<VerifiedToken> r = verifier.verify(token);
      assertThat(r.isOk()).as(token).isFalse();
      String message = r.failure().message();
      assertThat(message).doesNotContain(token);
      for (String part : token.split("\\.")) {
        if (!part.isEmpty()) {
          assertThat(message).doesNotContain(part);
        }
      }
      assertThat(message).doesNotContain("evil").hasSizeLessThan(40);
    }
  }

  @Test
  void is_thread_safe() throws Exception {
    JwtTokenVerifier verifier = hmacVerifier();
    String good = hs256(validClaims().build());
    String bad = hs(JWSAlgorithm.HS256, OTHER_SECRET, validClaims().build());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int i = 0; i < 500; i++) {
                    if (verifier.verify(good).isOk()) {
                      ok++;
                    }
                    if (verifier.verify(bad).isOk()) {
                      ok -= 1000;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> f : futures) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(500);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void the_builder_refuses_bad_configuration(@TempDir Path dir) {
    assertThatThrownBy(() -> JwtTokenVerifier.hmac(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(
            () -> JwtTokenVerifier.hmac(SECRET).allowedAlgorithms(Set.of(JWSAlgorithm.RS256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RS256");
    assertThatThrownBy(
            () ->
                JwtTokenVerifier.jwkSetFile(dir.resolve("x"))
                    .allowedAlgorithms(Set.of(JWSAlgorithm.HS256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HS256");
    assertThatThrownBy(() -> JwtTokenVerifier.hmac(SECRET).allowedAlgorithms(Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtTokenVerifier.hmac(SECRET).clockSkew(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtTokenVerifier.hmac(SECRET).issuer(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtTokenVerifier.jwkSetUrl(URI.create("file:///etc/jwks.json")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtTokenVerifier.jwkSetUrl(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtTokenVerifier.jwkSetFile(dir.resolve("missing.json")).build())
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void a_jwk_set_file_without_public_keys_is_refused(@TempDir Path dir) throws Exception {
    Path notJson = dir.resolve("bad.json");
    Files.writeString(notJson, "not json");
    assertThatThrownBy(() -> JwtTokenVerifier.jwkSetFile(notJson).build())
        .isInstanceOf(IllegalArgumentException.class);
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "{\"keys\":[]}");
    assertThatThrownBy(() -> JwtTokenVerifier.jwkSetFile(empty).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no RSA or EC key");
  }

  @Test
  void the_secret_is_copied() {
    byte[] secret = SECRET.clone();
    JwtTokenVerifier verifier = JwtTokenVerifier.hmac(secret).clock(CLOCK).build();
    Arrays.fill(secret, (byte) 0);
    assertThat(verifier.verify(hs256(validClaims().build())).isOk()).isTrue();
  }

  @Test
  void uses_a_random_company_uuid_round_trip() {
    UUID company = UUID.randomUUID();
    VerifiedToken t =
        hmacVerifier().verify(hs256(b -> b.claim("companyId", company.toString()))).value();
    assertThat(t.companyId().value()).isEqualTo(company);
  }
}
