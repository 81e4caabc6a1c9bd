package io.realtimekit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles as written against the modules it
 * documents (see {@link JavaSnippet} for the one marker a block of statements carries).
 */
class ReadmeSnippetsTest {
  /** The repository's root: the tests run in the examples module's directory. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static List<JavaSnippet> snippets() throws IOException {
    List<JavaSnippet> all = new ArrayList<>();
    for (Path doc : documents()) {
      all.addAll(
          JavaSnippet.extract(
              ROOT.relativize(doc).toString(), Files.readString(doc, StandardCharsets.UTF_8)));
    }
    return all;
  }

  @Test
  void theReadmeHasJavaBlocksToCheck() throws IOException {
    assertThat(ROOT.resolve("README.md")).exists();
    assertThat(snippets()).filteredOn(s -> s.document().equals("README.md")).hasSizeGreaterThan(10);
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompilesAsWritten() throws IOException {
    SnippetCompiler compiler = new SnippetCompiler();
    return snippets().stream()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.where(),
                    () ->
                        assertThat(compiler.errors(s))
                            .as("%s does not compile:\n%s", s.where(), s.code())
                            .isEmpty()));
  }
}
