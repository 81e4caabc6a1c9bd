package io.realtimekit.examples.snippets;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles a {@link JavaSnippet} with the JDK's compiler against this JVM's test class path (the
 * one Surefire gives, {@code surefire.test.class.path}, else {@code java.class.path}), keeping the
 * class files in memory. The only wrapping is the statements block's class and method, nothing
 * else: no import is ever added.
 */
final class SnippetCompiler {
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*"
              + "(?:class|interface|record|enum|@interface)\\s+(\\w+)");
  private static final Pattern IMPORT =
      Pattern.compile("^\\s*import\\s+(?:static\\s+)?[\\w.*]+\\s*;.*$");

  private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
  private final JavaFileManager files;

  /**
   * A compiler over the test class path. Its file manager (and so its index of the class path's
   * jars) is shared by every compilation: use one instance from one thread.
   */
  SnippetCompiler() {
    String surefire = System.getProperty("surefire.test.class.path");
    String classPath =
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    StandardJavaFileManager standard = compiler.getStandardFileManager(null, null, null);
    List<File> entries = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(new File(entry));
      }
    }
    try {
      standard.setLocation(StandardLocation.CLASS_PATH, entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.files = new InMemoryOutput(standard);
  }

  /** The source file a snippet is compiled as: the block itself, or wrapped as statements. */
  static String sourceOf(JavaSnippet snippet) {
    if (snippet.kind() == JavaSnippet.Kind.FILE) {
      return snippet.code();
    }
    List<String> lines = List.of(snippet.code().split("\n", -1));
    int n = importLines(snippet);
    List<String> imports = lines.subList(0, n);
    List<String> body = lines.subList(n, lines.size());
    // one line added before the statements and one after: the compiler's line numbers map back
    List<String> source = new ArrayList<>(imports);
    source.add(
        "class Snippet { void run(" + String.join(", ", snippet.given()) + ") throws Exception {");
    source.addAll(body);
    source.add("}}");
    return String.join("\n", source) + "\n";
  }

  /**
   * The document's line of line {@code sourceLine} of the compiled source (the fence's when none).
   */
  static long documentLine(JavaSnippet snippet, long sourceLine) {
    long blockLines = snippet.code().split("\n", -1).length;
    long inBlock = sourceLine;
    if (snippet.kind() == JavaSnippet.Kind.STATEMENTS) {
      long header = importLines(snippet) + 1; // the line of the wrapping class and method
      inBlock = sourceLine < header ? sourceLine : sourceLine == header ? 0 : sourceLine - 1;
    }
    return inBlock < 1 || inBlock > blockLines ? snippet.line() : snippet.line() + inBlock;
  }

  private static int importLines(JavaSnippet snippet) {
    int n = 0;
    for (String line : snippet.code().split("\n", -1)) {
      if (!IMPORT.matcher(line).matches() && !line.isBlank()) {
        break;
      }
      n++;
    }
    return n;
  }

  /**
   * Compiles {@code snippet}.
   *
   * @return the compiler's errors, each with its line in the document; empty when it compiles
   */
  List<String> errors(JavaSnippet snippet) {
    String source = sourceOf(snippet);
    Matcher publicType = PUBLIC_TYPE.matcher(source);
    String name = publicType.find() ? publicType.group(1) : "Snippet";
    JavaFileObject file =
        new SimpleJavaFileObject(
            URI.create("string:///" + name + JavaFileObject.Kind.SOURCE.extension),
            JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options = List.of("--release", "17", "-proc:none");
    boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(file)).call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(
            snippet.document()
                + ":"
                + documentLine(snippet, d.getLineNumber())
                + ": "
                + d.getMessage(Locale.ROOT));
      }
    }
    if (!ok && errors.isEmpty()) {
      errors.add("the compiler failed without a diagnostic");
    }
    return errors;
  }

  /** Keeps class files in memory: a snippet's classes are checked, never written. */
  private static final class InMemoryOutput extends ForwardingJavaFileManager<JavaFileManager> {
    InMemoryOutput(JavaFileManager delegate) {
      super(delegate);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
      return new SimpleJavaFileObject(URI.create("mem:///" + className + kind.extension), kind) {
        @Override
        public OutputStream openOutputStream() {
          return new ByteArrayOutputStream();
        }
      };
    }
  }
}
