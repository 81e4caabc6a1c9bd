package io.realtimekit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserIdScopeTest {
  final CompanyId acme = CompanyId.of(UUID.fromString("8f2c7a1e-0000-4000-8000-000000000001"));
  final CompanyId globex = CompanyId.of(UUID.randomUUID());

  @Test
  void aQualifiedIdIsTheCompanyASlashAndTheSub() {
    UserId id = UserId.of(acme, "u-1");
    assertThat(id.value()).isEqualTo("8f2c7a1e-0000-4000-8000-000000000001/u-1");
    assertThat(id.company()).contains(acme);
    assertThat(id.subject()).isEqualTo("u-1");
    assertThat(UserId.of(acme, "a/b").subject()).isEqualTo("a/b");
  }

  @Test
  void aBareIdHasNoCompany() {
    assertThat(UserId.of("u-1").company()).isEmpty();
    assertThat(UserId.of("u-1").subject()).isEqualTo("u-1");
    assertThat(UserId.of("not-a-uuid-but-thirty-six-chars-long/x").company()).isEmpty();
    // only the canonical lower-case form is a qualifier
    assertThat(UserId.of(acme.toString().toUpperCase() + "/x").company()).isEmpty();
  }

  @Test
  void theSubOfAQualifiedIdFitsTheMaximumLength() {
    String longest = "s".repeat(UserId.MAX_SUBJECT_LENGTH);
    assertThat(UserId.of(acme, longest).value()).hasSize(UserId.MAX_LENGTH);
    assertThatThrownBy(() -> UserId.of(acme, longest + "s"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("at most " + UserId.MAX_SUBJECT_LENGTH);
    assertThatThrownBy(() -> UserId.of(acme, "a b")).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> UserId.of((CompanyId) null, "u")).isInstanceOf(DomainException.class);
  }

  @Test
  void globalKeepsTheSubAndTheIdsAsGiven() {
    UserIdScope s = UserIdScope.GLOBAL;
    assertThat(s.identify(acme, UserId.of("u-1"))).isEqualTo(UserId.of("u-1"));
    assertThat(s.named(acme, "u-1")).isEqualTo(UserId.of("u-1"));
    assertThat(s.require(acme, UserId.of("u-1"))).isEqualTo(UserId.of("u-1"));
  }

  @Test
  void perCompanyQualifiesTokensAndBareClientIdsWithTheCompany() {
    UserIdScope s = UserIdScope.PER_COMPANY;
    assertThat(s.identify(acme, UserId.of("u-1"))).isEqualTo(UserId.of(acme, "u-1"));
    assertThat(s.identify(globex, UserId.of("u-1"))).isNotEqualTo(UserId.of(acme, "u-1"));
    assertThat(s.named(acme, "u-1")).isEqualTo(UserId.of(acme, "u-1"));
    assertThat(s.named(acme, UserId.of(acme, "u-1").value())).isEqualTo(UserId.of(acme, "u-1"));
    // another company's id stays that company's: the handlers answer it as an unknown user
    assertThat(s.named(acme, UserId.of(globex, "u-1").value())).isEqualTo(UserId.of(globex, "u-1"));
  }

  @Test
  void perCompanyRefusesABareOrForeignHostIdLoudly() {
    UserIdScope s = UserIdScope.PER_COMPANY;
    assertThat(s.require(acme, UserId.of(acme, "u-1"))).isEqualTo(UserId.of(acme, "u-1"));
    assertThat(s.require(null, UserId.of(acme, "u-1"))).isEqualTo(UserId.of(acme, "u-1"));
    assertThatThrownBy(() -> s.require(acme, UserId.of("u-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UserId.of(companyId, \"u-1\")");
    assertThatThrownBy(() -> s.require(acme, UserId.of(globex, "u-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is of company " + globex + ", not of " + acme);
  }
}
