package io.realtimekit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The snippet check itself: it finds every block, and a broken one fails with its line. */
class SnippetCompilerTest {
  static final SnippetCompiler compiler = new SnippetCompiler();

  static final String DOC =
      String.join(
          "\n",
          "# Title", // 1
          "```bash", // 2
          "echo '```java'", // 3: inside another block, not a Java block
          "```", // 4
          "```java", // 5
          "import io.realtimekit.domain.Role;", // 6
          "", // 7
          "class Roles {", // 8
          "  Role visitor() { return Role.VISITOR; }", // 9
          "}", // 10
          "```", // 11
          "<!-- snippet: statements; given: java.util.Map<String, Integer> counts, int n -->", // 12
          "```java", // 13
          "import io.realtimekit.domain.Role;", // 14
          "Role r = Role.COMMERCIAL;", // 15
          "int total = counts.getOrDefault(r.name(), 0) + n;", // 16
          "```", // 17
          "");

  @Test
  void extractsTheJavaBlocksWithTheirMarkers() {
    List<JavaSnippet> found = JavaSnippet.extract("DOC.md", DOC);
    assertThat(found).hasSize(2);
    assertThat(found.get(0).line()).isEqualTo(5);
    assertThat(found.get(0).kind()).isEqualTo(JavaSnippet.Kind.FILE);
    assertThat(found.get(1).kind()).isEqualTo(JavaSnippet.Kind.STATEMENTS);
    assertThat(found.get(1).given())
        .containsExactly("java.util.Map<String, Integer> counts", "int n");
    for (JavaSnippet s : found) {
      assertThat(compiler.errors(s)).as(s.where()).isEmpty();
    }
  }

  @Test
  void aBlockThatDoesNotCompileFailsWithItsDocumentLine() {
    JavaSnippet broken =
        JavaSnippet.extract(
                "BAD.md",
                String.join(
                    "\n",
                    "text", // 1
                    "```java", // 2
                    "class Broken {", // 3
                    "  int n = \"not a number\";", // 4
                    "}", // 5
                    "```"))
            .get(0);
    assertThat(compiler.errors(broken))
        .singleElement()
        .asString()
        .startsWith("BAD.md:4: ")
        .contains("incompatible types");
  }

  @Test
  void aMissingImportFailsTheBlock() {
    JavaSnippet noImport =
        JavaSnippet.extract(
                "BAD.md",
                String.join(
                    "\n",
                    "<!-- snippet: statements -->", // 1
                    "```java", // 2
                    "Role r = Role.VISITOR;", // 3
                    "```"))
            .get(0);
    assertThat(compiler.errors(noImport))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e).startsWith("BAD.md:3: ").contains("cannot find symbol"));
  }

  @Test
  void aNameNeitherDeclaredNorGivenFailsTheBlock() {
    JavaSnippet undeclared =
        JavaSnippet.extract(
                "BAD.md",
                String.join(
                    "\n",
                    "<!-- snippet: statements; given: int n -->", // 1
                    "```java", // 2
                    "import java.util.List;", // 3
                    "List<Integer> both = List.of(n, m);", // 4
                    "```"))
            .get(0);
    assertThat(compiler.errors(undeclared))
        .singleElement()
        .asString()
        .startsWith("BAD.md:4: ")
        .contains("symbol:   variable m");
  }

  @Test
  void statementsWithoutTheMarkerAreNotAFileAndFail() {
    JavaSnippet unmarked = JavaSnippet.extract("BAD.md", "```java\nint n = 1;\n```\n").get(0);
    assertThat(unmarked.kind()).isEqualTo(JavaSnippet.Kind.FILE);
    assertThat(compiler.errors(unmarked)).isNotEmpty();
  }

  @Test
  void anUnknownMarkerOrAnUnclosedBlockIsRefused() {
    assertThatThrownBy(
            () -> JavaSnippet.extract("BAD.md", "<!-- snippet: maybe -->\n```java\nx\n```\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown snippet marker");
    assertThatThrownBy(() -> JavaSnippet.extract("BAD.md", "```java\nclass A {}\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BAD.md:1: code block never closed");
  }
}
