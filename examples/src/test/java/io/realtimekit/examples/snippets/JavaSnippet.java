package io.realtimekit.examples.snippets;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ```java} block of a Markdown document, and how it is compiled.
 *
 * <p>A block with no marker is a whole Java source file as written: its imports, then its types. A
 * block preceded (on the line before its fence) by {@code <!-- snippet: statements -->} is its
 * imports, then statements: those run as the body of a method {@code void run(...) throws
 * Exception} of a class of their own. What the statements take from their surroundings (a secret, a
 * company id) is listed after {@code given:}, as that method's parameters, each type written fully
 * qualified (no import is added): {@code <!-- snippet: statements; given: byte[] secret,
 * io.realtimekit.domain.CompanyId companyId -->}.
 *
 * @param document where the block is (a file name)
 * @param line the 1-based line of the opening fence
 * @param kind how the block is compiled
 * @param given the parameters of a statements block, as declared ({@code Type name}); empty for a
 *     file
 * @param code the block's text, as written
 */
record JavaSnippet(String document, int line, Kind kind, List<String> given, String code) {

  /** How a block is compiled. */
  enum Kind {
    /** A whole source file: imports and types. */
    FILE,
    /** Imports, then statements run as a method's body. */
    STATEMENTS
  }

  private static final Pattern OPEN = Pattern.compile("^```java\\s*$");
  private static final Pattern FENCE = Pattern.compile("^```.*$");
  private static final Pattern MARKER =
      Pattern.compile("^<!--\\s*snippet:\\s*(\\w+)\\s*(?:;\\s*given:\\s*(.*?))?\\s*-->\\s*$");

  JavaSnippet {
    given = List.copyOf(given);
  }

  /** Where the block is, for a test's name and a failure's message. */
  String where() {
    return document + ":" + line;
  }

  /**
   * Every {@code ```java} block of {@code markdown}, in order.
   *
   * @throws IllegalArgumentException for a block never closed, or a marker this class does not know
   */
  static List<JavaSnippet> extract(String document, String markdown) {
    List<JavaSnippet> out = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (FENCE.matcher(lines[i]).matches() && !OPEN.matcher(lines[i]).matches()) {
        i = closingFence(document, lines, i); // another language's block: skip it whole
        continue;
      }
      if (!OPEN.matcher(lines[i]).matches()) {
        continue;
      }
      int end = closingFence(document, lines, i);
      Kind kind = Kind.FILE;
      List<String> given = List.of();
      if (i > 0 && lines[i - 1].trim().startsWith("<!--")) {
        Matcher m = MARKER.matcher(lines[i - 1].trim());
        if (!m.matches() || !m.group(1).equals("statements")) {
          throw new IllegalArgumentException(
              document + ":" + i + ": unknown snippet marker " + lines[i - 1].trim());
        }
        kind = Kind.STATEMENTS;
        given = m.group(2) == null ? List.of() : parameters(m.group(2));
      }
      String code = String.join("\n", List.of(lines).subList(i + 1, end));
      out.add(new JavaSnippet(document, i + 1, kind, given, code));
      i = end;
    }
    return out;
  }

  private static int closingFence(String document, String[] lines, int open) {
    for (int j = open + 1; j < lines.length; j++) {
      if (lines[j].startsWith("```")) {
        return j;
      }
    }
    throw new IllegalArgumentException(document + ":" + (open + 1) + ": code block never closed");
  }

  /** Splits {@code a.B<C, D> x, int y} at the commas outside angle brackets. */
  private static List<String> parameters(String list) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : list.toCharArray()) {
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        out.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().trim());
    }
    return out;
  }
}
