package io.realtimekit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever string a client sends, a value object either builds a valid value or throws a {@link
 * DomainException}: never a NullPointerException, NumberFormatException or the like, which an
 * adapter would report as an internal error.
 */
class ValueObjectsPropertyTest {

  @Property(tries = 2_000)
  void userIdBuildsOrFailsWithADomainError(@ForAll("clientStrings") String raw) {
    assertBuildsOrRefuses(raw, UserId::of, id -> assertThat(id.value()).isEqualTo(raw));
  }

  @Property(tries = 2_000)
  void companyIdBuildsOrFailsWithADomainError(@ForAll("clientStrings") String raw) {
    assertBuildsOrRefuses(
        raw, CompanyId::of, id -> assertThat(id.toString()).isEqualToIgnoringCase(raw));
  }

  @Property(tries = 2_000)
  void companyIdAcceptsEveryUuidInEitherCase(
      @ForAll long high, @ForAll long low, @ForAll boolean upper) {
    UUID uuid = new UUID(high, low);
    String raw = upper ? uuid.toString().toUpperCase() : uuid.toString();
    assertThat(CompanyId.of(raw).value()).isEqualTo(uuid);
  }

  @Property(tries = 2_000)
  void roleBuildsOrFailsWithADomainError(@ForAll("clientStrings") String raw) {
    assertBuildsOrRefuses(raw, Role::of, role -> assertThat(role.name()).isEqualTo(raw));
  }

  /** Any unicode text, plus shapes close to the valid ones so both outcomes are exercised. */
  @Provide
  Arbitrary<String> clientStrings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200).injectNull(0.02),
        Arbitraries.strings().withChars("abcdefABCDEF0123456789-+{} _").ofLength(36),
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyz0123456789_-A .")
            .ofMinLength(0)
            .ofMaxLength(40),
        Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString()));
  }

  private static <T> void assertBuildsOrRefuses(
      String raw, Function<String, T> factory, Consumer<T> check) {
    T built;
    try {
      built = factory.apply(raw);
    } catch (DomainException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(built).isNotNull();
    check.accept(built);
  }
}
