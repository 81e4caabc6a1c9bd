package io.realtimekit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueObjectsTest {

  /** The value object refused the input with INVALID_ARGUMENT and a message naming the field. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(
      Executable build, String field) {
    return assertThatThrownBy(build::execute)
        .isInstanceOf(DomainException.class)
        .hasMessageContaining(field)
        .satisfies(
            e -> assertThat(((DomainException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Nested
  class UserIds {
    @Test
    void acceptsOrdinaryIdsUpToTheMaximumLength() {
      assertThat(UserId.of("user-42").value()).isEqualTo("user-42");
      assertThat(UserId.of("x".repeat(UserId.MAX_LENGTH)).value()).hasSize(128);
      assertThat(UserId.of("émile@example.com").toString()).isEqualTo("émile@example.com");
      assertThat(UserId.of("a")).isEqualTo(new UserId("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n"})
    void rejectsBlank(String value) {
      assertInvalid(() -> UserId.of(value), "userId").hasMessageContaining("blank");
    }

    @Test
    void rejectsNull() {
      assertInvalid(() -> UserId.of(null), "userId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00a0", "a\u00a0b", "a\u2007b", "a\u202fb"})
    void rejectsNoBreakSpaces(String value) {
      // Character.isWhitespace leaves out the no-break spaces; they are whitespace all the same
      assertInvalid(() -> UserId.of(value), "userId");
      assertInvalid(() -> ConnectionId.of(value), "connectionId");
    }

    @Test
    void rejectsTooLong() {
      assertInvalid(() -> UserId.of("x".repeat(UserId.MAX_LENGTH + 1)), "userId")
          .hasMessageContaining("128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", " a", "a ", "a\tb", "a\nb", "a\u0000b", "a\u007fb", "a\u2028b"})
    void rejectsWhitespaceAndControlCharacters(String value) {
      assertInvalid(() -> UserId.of(value), "userId")
          .hasMessageContaining("whitespace or control characters");
    }
  }

  @Nested
  class CompanyIds {
    private static final String CANONICAL = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

    @Test
    void parsesTheCanonicalForm() {
      CompanyId id = CompanyId.of(CANONICAL);
      assertThat(id.value()).isEqualTo(UUID.fromString(CANONICAL));
      assertThat(id.toString()).isEqualTo(CANONICAL);
      assertThat(CompanyId.of(UUID.fromString(CANONICAL))).isEqualTo(id);
    }

    @Test
    void upperAndMixedCaseAreTheSameCompany() {
      assertThat(CompanyId.of(CANONICAL.toUpperCase())).isEqualTo(CompanyId.of(CANONICAL));
      assertThat(CompanyId.of("6F1c2A8e-3b4D-4e5f-8A9b-0c1d2e3f4a5B"))
          .isEqualTo(CompanyId.of(CANONICAL));
      assertThat(CompanyId.of(CANONICAL.toUpperCase()).toString()).isEqualTo(CANONICAL);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "acme",
          "not-a-uuid-at-all-but-36-characters",
          "6f1c2a8e3b4d4e5f8a9b0c1d2e3f4a5b", // no dashes
          "{6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b}",
          "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5", // 35 characters
          "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b0",
          "1-1-1-1-1", // accepted by UUID.fromString, not canonical
          "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5g",
          "+f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
          "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5\u0665", // an Arabic-Indic digit
          " 6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5"
        })
    void rejectsAnythingButAUuid(String value) {
      assertInvalid(() -> CompanyId.of(value), "companyId").hasMessageContaining("UUID");
    }

    @Test
    void rejectsNull() {
      assertInvalid(() -> CompanyId.of((String) null), "companyId");
      assertInvalid(() -> new CompanyId(null), "companyId");
      // the UUID shorthand refuses null the same way as the constructor it stands for
      assertInvalid(() -> CompanyId.of((UUID) null), "companyId");
    }
  }

  @Nested
  class Roles {
    @ParameterizedTest
    @ValueSource(strings = {"visitor", "commercial", "admin", "a", "team-lead", "level_2", "r2d2"})
    void acceptsLowerCaseNames(String name) {
      assertThat(Role.of(name).name()).isEqualTo(name);
    }

    @Test
    void builtInRolesHaveTheirNames() {
      assertThat(List.of(Role.VISITOR, Role.COMMERCIAL, Role.ADMIN))
          .extracting(Role::name)
          .containsExactly("visitor", "commercial", "admin");
      assertThat(Role.of("commercial")).isEqualTo(Role.COMMERCIAL);
      assertThat(Role.of("a".repeat(32)).name()).hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Visitor", "ADMIN", "1st", "-x", "_x", "team lead", "a.b", "é"})
    void rejectsOtherShapes(String name) {
      assertInvalid(() -> Role.of(name), "role");
    }

    @Test
    void rejectsNullAndTooLong() {
      assertInvalid(() -> Role.of(null), "role");
      assertInvalid(() -> Role.of("a".repeat(33)), "role").hasMessageContaining("32");
    }
  }

  @Nested
  class RoleCatalogs {
    @Test
    void builtInKnowsTheThreeRoles() {
      RoleCatalog catalog = RoleCatalog.builtIn();
      assertThat(catalog.parse("visitor")).isEqualTo(Role.VISITOR);
      assertThat(catalog.parse("commercial")).isEqualTo(Role.COMMERCIAL);
      assertThat(catalog.parse("admin")).isEqualTo(Role.ADMIN);
      assertThat(catalog.contains(Role.of("supervisor"))).isFalse();
    }

    @Test
    void unknownRoleIsRefusedByName() {
      assertInvalid(() -> RoleCatalog.builtIn().parse("supervisor"), "role")
          .hasMessage("unknown role: supervisor");
    }

    @Test
    void malformedRoleIsRefusedForItsShape() {
      assertInvalid(() -> RoleCatalog.builtIn().parse("Supervisor"), "role");
    }

    @Test
    void extraRolesAreAccepted() {
      RoleCatalog catalog = RoleCatalog.builtInPlus(List.of(Role.of("supervisor")));
      assertThat(catalog.parse("supervisor")).isEqualTo(Role.of("supervisor"));
      assertThat(catalog.parse("visitor")).isEqualTo(Role.VISITOR);
    }

    @Test
    void aCatalogNeedsARoleAndIsImmutable() {
      assertInvalid(() -> new RoleCatalog(Set.of()), "role");
      assertInvalid(() -> new RoleCatalog(null), "role");
      Set<Role> roles = new HashSet<>(Set.of(Role.VISITOR));
      RoleCatalog catalog = new RoleCatalog(roles);
      roles.add(Role.ADMIN);
      assertThat(catalog.contains(Role.ADMIN)).isFalse();
    }
  }

  @Nested
  class NodeIds {
    @ParameterizedTest
    @ValueSource(strings = {"node-1", "a", "web_01.eu-west", "N"})
    void acceptsLettersDigitsDotUnderscoreDash(String value) {
      assertThat(NodeId.of(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "node 1", "node/1", "node:1", "nœud"})
    void rejectsOtherShapes(String value) {
      assertInvalid(() -> NodeId.of(value), "nodeId");
    }

    @Test
    void boundsTheLengthAndRejectsNull() {
      assertThat(NodeId.of("n".repeat(64)).value()).hasSize(64);
      assertInvalid(() -> NodeId.of("n".repeat(65)), "nodeId").hasMessageContaining("64");
      assertInvalid(() -> NodeId.of(null), "nodeId");
    }

    @Test
    void randomIdsHaveTheDocumentedShape() {
      assertThat(NodeId.random().value()).matches("node-[0-9a-f]{8}");
    }
  }

  @Nested
  class ConnectionIds {
    @Test
    void randomIdsAreSixteenUrlSafeCharactersAndUnique() {
      Set<ConnectionId> seen = new HashSet<>();
      for (int i = 0; i < 10_000; i++) {
        ConnectionId id = ConnectionId.random();
        assertThat(id.value()).matches("[A-Za-z0-9_-]{16}");
        seen.add(id);
      }
      assertThat(seen).hasSize(10_000);
    }

    @Test
    void validatesLikeAnId() {
      assertThat(ConnectionId.of("x".repeat(64)).value()).hasSize(64);
      assertInvalid(() -> ConnectionId.of("x".repeat(65)), "connectionId")
          .hasMessageContaining("64");
      assertInvalid(() -> ConnectionId.of(""), "connectionId");
      assertInvalid(() -> ConnectionId.of(null), "connectionId");
      assertInvalid(() -> ConnectionId.of("a b"), "connectionId");
    }
  }

  @Nested
  class ErrorCodes {
    @ParameterizedTest
    @ValueSource(strings = {"A", "USER_NOT_CONNECTED", "E42", "MY_APP_ERROR_1"})
    void acceptsUpperCaseCodes(String value) {
      assertThat(new ErrorCode(value).value()).isEqualTo(value);
      assertThat(new ErrorCode(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lower", "Mixed", "1ST", "_X", "WITH SPACE", "WITH-DASH"})
    void rejectsOtherShapes(String value) {
      assertInvalid(() -> new ErrorCode(value), "error code");
    }

    @Test
    void boundsTheLengthAndRejectsNull() {
      assertThat(new ErrorCode("E".repeat(64)).value()).hasSize(64);
      assertInvalid(() -> new ErrorCode("E".repeat(65)), "error code");
      assertInvalid(() -> new ErrorCode(null), "error code");
    }

    @Test
    void builtInCodesHaveTheirWireNames() {
      assertThat(ErrorCode.USER_NOT_CONNECTED.value()).isEqualTo("USER_NOT_CONNECTED");
      assertThat(ErrorCode.INVALID_ARGUMENT.value()).isEqualTo("INVALID_ARGUMENT");
      assertThat(ErrorCode.FORBIDDEN).isEqualTo(new ErrorCode("FORBIDDEN"));
    }
  }

  @Nested
  class Results {
    @Test
    void aSuccessHoldsItsValueAndAFailureItsReason() {
      Result<String> ok = Result.ok("x");
      assertThat(ok.isOk()).isTrue();
      assertThat(ok.value()).isEqualTo("x");
      assertThat(ok.map(String::length).value()).isEqualTo(1);
      assertThatThrownBy(ok::failure).isInstanceOf(IllegalStateException.class);

      Result<String> err = Result.failure(ErrorCode.FORBIDDEN, "other company");
      assertThat(err.isOk()).isFalse();
      assertThat(err.failure()).isEqualTo(new Failure(ErrorCode.FORBIDDEN, "other company"));
      assertThat(err.map(String::length).failure()).isEqualTo(err.failure());
      assertThatThrownBy(err::value)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("FORBIDDEN");
    }

    @Test
    void neitherSideHoldsNull() {
      assertThatThrownBy(() -> Result.ok(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> Result.failure(null)).isInstanceOf(NullPointerException.class);
      assertThat(DomainException.invalid("bad").toFailure())
          .isEqualTo(new Failure(ErrorCode.INVALID_ARGUMENT, "bad"));
    }
  }
}
