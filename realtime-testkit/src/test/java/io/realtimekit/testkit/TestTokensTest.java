package io.realtimekit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.application.port.VerifiedToken;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TestTokensTest {
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final String ISSUER = "https://auth.example.com";
  private final CompanyId company = CompanyId.of(UUID.randomUUID());

  @Test
  void theExistingMethodsStillMintTokensTheirVerifierAcceptsOrRefuses() {
    TestTokens tokens = new TestTokens();
    TokenVerifier verifier = tokens.verifier();

    VerifiedToken ok = verifier.verify(tokens.token("v1", company, Role.VISITOR)).value();
    assertThat(ok.userId()).isEqualTo(UserId.of("v1"));
    assertThat(ok.companyId()).isEqualTo(company);
    assertThat(ok.roles()).containsExactly(Role.VISITOR);

    assertRefused(verifier.verify(tokens.expired("v1", company, Role.VISITOR)), "expired");
    assertRefused(verifier.verify(tokens.forged("v1", company, Role.VISITOR)), "signature");
    assertThat(verifier.verify(tokens.algNone("v1", company, Role.VISITOR)).isOk()).isFalse();
  }

  @Test
  void issuerAndAudienceAreWrittenAndAVerifierThatRequiresThemAcceptsTheTokens() throws Exception {
    TestTokens tokens = TestTokens.forSecret(SECRET).issuer(ISSUER).audience("realtime");
    String token = tokens.token("c1", company, Role.COMMERCIAL);

    JWTClaimsSet claims = JWTParser.parse(token).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(ISSUER);
    assertThat(claims.getAudience()).containsExactly("realtime");

    // the host's own verifier, configured as the README shows
    TokenVerifier hosts = JwtTokenVerifier.hmac(SECRET).issuer(ISSUER).audience("realtime").build();
    assertThat(hosts.verify(token).isOk()).isTrue();
    assertThat(tokens.verifier().verify(token).isOk()).isTrue();

    // the plain kit's tokens are refused by that verifier: this is why the kit needs the issuer
    assertRefused(
        hosts.verify(TestTokens.forSecret(SECRET).token("c1", company, Role.COMMERCIAL)), "issuer");
    assertRefused(
        hosts.verify(
            TestTokens.forSecret(SECRET)
                .issuer(ISSUER)
                .audience("other")
                .token("c1", company, Role.COMMERCIAL)),
        "audience");
    assertRefused(
        hosts.verify(
            TestTokens.forSecret(SECRET)
                .issuer("https://evil.example.com")
                .audience("realtime")
                .token("c1", company, Role.COMMERCIAL)),
        "issuer");
  }

  @Test
  void theKitsVerifierRequiresTheIssuerAndFirstAudienceItWasGiven() {
    TestTokens issued = TestTokens.forSecret(SECRET).issuer(ISSUER).audience("realtime", "crm");
    TokenVerifier verifier = issued.verifier();

    assertThat(verifier.verify(issued.token("u", company, Role.ADMIN)).isOk()).isTrue();
    assertRefused(
        verifier.verify(TestTokens.forSecret(SECRET).token("u", company, Role.ADMIN)), "issuer");
    assertRefused(
        verifier.verify(issued.audience("crm").token("u", company, Role.ADMIN)), "audience");
  }

  @Test
  void severalAudiencesAreWrittenAsAnArray() throws Exception {
    String token =
        TestTokens.forSecret(SECRET).audience("realtime", "crm").token("u", company, Role.ADMIN);
    assertThat(JWTParser.parse(token).getJWTClaimsSet().getAudience())
        .containsExactly("realtime", "crm");
    assertThat(JwtTokenVerifier.hmac(SECRET).audience("crm").build().verify(token).isOk()).isTrue();
  }

  @Test
  void customClaimsReachTheVerifiedToken() {
    TestTokens tokens = TestTokens.forSecret(SECRET).claim("maxChats", 5).claim("plan", "pro");
    VerifiedToken verified =
        tokens.verifier().verify(tokens.token("c1", company, Role.COMMERCIAL)).value();

    assertThat(((Number) verified.claims().get("maxChats")).intValue()).isEqualTo(5);
    assertThat(verified.claims()).containsEntry("plan", "pro");
  }

  @Test
  void aCustomClaimReplacesTheOneTheKitWritesSoMalformedTokensAreEasyToMint() {
    TestTokens tokens = TestTokens.forSecret(SECRET).claim("companyId", "not-a-uuid");
    assertRefused(
        tokens.verifier().verify(tokens.token("c1", company, Role.COMMERCIAL)), "companyId");
  }

  @Test
  void badTokensCarryTheIssuerAudienceAndClaimsSoTheyFailForTheirOwnReason() throws Exception {
    TestTokens tokens =
        TestTokens.forSecret(SECRET).issuer(ISSUER).audience("realtime").claim("maxChats", 2);
    for (String bad :
        List.of(
            tokens.expired("v", company, Role.VISITOR),
            tokens.forged("v", company, Role.VISITOR),
            tokens.algNone("v", company, Role.VISITOR))) {
      JWTClaimsSet claims = JWTParser.parse(bad).getJWTClaimsSet();
      assertThat(claims.getIssuer()).isEqualTo(ISSUER);
      assertThat(claims.getAudience()).containsExactly("realtime");
      assertThat(claims.getClaim("maxChats")).isNotNull();
    }
    assertRefused(tokens.verifier().verify(tokens.expired("v", company, Role.VISITOR)), "expired");
    assertRefused(tokens.verifier().verify(tokens.forged("v", company, Role.VISITOR)), "signature");
  }

  @Test
  void instancesAreImmutableEachMethodReturnsACopy() throws Exception {
    TestTokens base = TestTokens.forSecret(SECRET);
    TestTokens issued = base.issuer(ISSUER).claim("plan", "pro");

    JWTClaimsSet plain = JWTParser.parse(base.token("u", company, Role.VISITOR)).getJWTClaimsSet();
    assertThat(plain.getIssuer()).isNull();
    assertThat(plain.getClaim("plan")).isNull();
    assertThat(issued).isNotEqualTo(base).isEqualTo(base.issuer(ISSUER).claim("plan", "pro"));
    assertThat(issued.hashCode()).isEqualTo(base.issuer(ISSUER).claim("plan", "pro").hashCode());
    assertThat(base).isEqualTo(new TestTokens(SECRET));
    assertThat(issued.issuer(null).claim("plan", "pro")).isEqualTo(base.claim("plan", "pro"));
    assertThat(issued.toString())
        .doesNotContain(new String(SECRET, StandardCharsets.UTF_8))
        .contains(ISSUER);
  }

  @Test
  void claimsTheKitManagesAndBadArgumentsAreRefused() {
    TestTokens tokens = TestTokens.forSecret(SECRET);
    for (String managed : List.of("sub", "exp", "iat", "iss", "aud")) {
      assertThatThrownBy(() -> tokens.claim(managed, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(managed);
    }
    assertThatThrownBy(() -> tokens.claim("plan", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tokens.issuer(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.audience("realtime", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestTokens.forSecret(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void theSecretIsCopiedInAndOut() {
    byte[] secret = SECRET.clone();
    TestTokens tokens = TestTokens.forSecret(secret);
    secret[0] ^= 1;
    byte[] out = tokens.secret();
    assertThat(out).isEqualTo(SECRET);
    out[0] ^= 1;
    assertThat(tokens.secret()).isEqualTo(SECRET);
  }

  private static void assertRefused(Result<VerifiedToken> result, String reason) {
    assertThat(result.isOk()).as("refused because of %s", reason).isFalse();
    assertThat(result.failure().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(result.failure().message()).containsIgnoringCase(reason);
  }
}
