package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files readable in one sitting: no main source file is longer than {@value #LIMIT} lines. The scan
 * covers every {@code src/main/java} tree of the repository (this module's parent directory),
 * {@code realtime-bench} included. A file that is still over the limit is listed in {@link
 * #ALLOWED} by its path with the reason; a listed path that no longer exists fails the check, so
 * the list cannot go stale by a rename.
 */
class MainFileLengthTest {

  /** The most lines a main source file may have. */
  static final int LIMIT = 450;

  /** {@code file path relative to the repository root}, each with the reason it may be longer. */
  private static final Map<String, String> ALLOWED =
      Map.of(
          "realtime-bench/src/main/java/io/realtimekit/bench/bigtenant/BigTenantScenario.java",
          "a benchmark scenario, being changed on another branch",
          "realtime-bench/src/main/java/io/realtimekit/bench/run/ConversationScenario.java",
          "a benchmark scenario, being changed on another branch",
          "realtime-bench/src/main/java/io/realtimekit/bench/load/NioSocket.java",
          "the bench's load client, being changed on another branch");

  @Test
  void noMainSourceFileIsOverTheLimit() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("realtime-core/src/main/java")).isDirectory();
    List<Path> trees = mainSourceTrees(root);
    assertThat(trees).hasSizeGreaterThan(5).contains(root.resolve("realtime-bench/src/main/java"));
    List<String> over = new ArrayList<>();
    for (Path tree : trees) {
      for (String hit : longFiles(tree, LIMIT)) {
        String rel = root.relativize(tree.resolve(hit.substring(0, hit.indexOf(':')))).toString();
        rel = rel.replace('\\', '/');
        if (!ALLOWED.containsKey(rel)) {
          over.add(rel + hit.substring(hit.indexOf(':')));
        }
      }
    }
    assertThat(over).as("main source files over %s lines (split them)", LIMIT).isEmpty();
  }

  @Test
  void everyAllowedFileExistsAndIsStillOverTheLimit() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(ALLOWED.keySet())
        .as("allowed files that are gone (remove them from the list)")
        .allSatisfy(rel -> assertThat(root.resolve(rel)).isRegularFile());
    List<String> withinTheLimit = new ArrayList<>();
    for (String rel : ALLOWED.keySet()) {
      if (Files.readAllLines(root.resolve(rel), StandardCharsets.UTF_8).size() <= LIMIT) {
        withinTheLimit.add(rel);
      }
    }
    assertThat(withinTheLimit)
        .as("allowed files now within %s lines (remove them from the list)", LIMIT)
        .isEmpty();
  }

  @Test
  void theScanFindsAPlantedLongFileAndOnlyIt(@TempDir Path dir) throws IOException {
    Path pkg = Files.createDirectories(dir.resolve("io/realtimekit/sample"));
    Files.writeString(pkg.resolve("AtTheLimit.java"), lines(LIMIT), StandardCharsets.UTF_8);
    Files.writeString(pkg.resolve("OneOver.java"), lines(LIMIT + 1), StandardCharsets.UTF_8);
    // no newline after the last line: still counted
    Files.writeString(
        pkg.resolve("OverUnterminated.java"), lines(LIMIT + 5).strip(), StandardCharsets.UTF_8);
    Files.writeString(pkg.resolve("Notes.txt"), lines(LIMIT * 2), StandardCharsets.UTF_8);

    assertThat(longFiles(dir, LIMIT))
        .containsExactly(
            "io/realtimekit/sample/OneOver.java: 451 lines",
            "io/realtimekit/sample/OverUnterminated.java: 455 lines");
  }

  private static String lines(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("// line ").append(i + 1).append('\n');
    }
    return b.toString();
  }

  /**
   * {@code "path relative to tree: n lines"} for each Java file of {@code tree} over {@code max}.
   */
  static List<String> longFiles(Path tree, int max) throws IOException {
    try (Stream<Path> files = Files.walk(tree)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .sorted()
          .map(
              f ->
                  tree.relativize(f).toString().replace('\\', '/') + ": " + lineCount(f) + " lines")
          .filter(hit -> Integer.parseInt(hit.replaceAll(".*: (\\d+) lines", "$1")) > max)
          .toList();
    }
  }

  private static int lineCount(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> mainSourceTrees(Path root) throws IOException {
    try (Stream<Path> dirs = Files.walk(root)) {
      return dirs.filter(Files::isDirectory)
          .filter(d -> d.endsWith(Path.of("src", "main", "java")))
          .filter(d -> !d.toString().contains("node_modules") && !d.toString().contains("/target/"))
          .sorted()
          .toList();
    }
  }
}
