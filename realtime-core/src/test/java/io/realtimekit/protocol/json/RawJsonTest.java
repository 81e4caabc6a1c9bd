package io.realtimekit.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written JSON quoting writes what Jackson writes, and reads back as the same text. */
class RawJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 3_000)
  void quotingAgreesWithJacksonAndReadsBack(@ForAll("texts") String s) throws Exception {
    String quoted = RawJson.quote(s);

    assertThat(quoted).isEqualTo(JSON.writeValueAsString(s));
    assertThat(RawJson.appendQuoted(new StringBuilder("x"), s).toString()).isEqualTo("x" + quoted);
    assertThat(JSON.readValue(quoted, String.class)).isEqualTo(s);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(60),
        Arbitraries.strings().withChars("ab\"\\\n\t\u0000\u001f\u007fé😀/ ").ofMaxLength(30),
        Arbitraries.strings().alpha().ofMaxLength(30));
  }
}
