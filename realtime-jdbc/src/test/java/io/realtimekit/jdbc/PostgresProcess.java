package io.realtimekit.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own for tests: {@code initdb} in a temporary directory, the server on
 * a free loopback port (never the machine's own PostgreSQL), its Unix socket in that directory,
 * {@code fsync} off. {@link #stop()} stops it at once ({@code pg_ctl stop -m immediate}, an
 * outage), {@link #start()} starts it again on the same port with its data; {@link #close()} stops
 * it and deletes the directory.
 *
 * <p>The binaries are found in {@code -Drealtimekit.pg.bin=<dir>}, {@code /usr/local/bin}, the
 * newest {@code /usr/lib/postgresql/<version>/bin} (Debian's {@code postgresql} package), or the
 * {@code PATH}. PostgreSQL refuses to run as root: when the tests run as root, every PostgreSQL
 * command runs as the unprivileged user {@value #OS_USER} (created with {@code useradd} when
 * missing) through {@code runuser}, and the directory is given to that user.
 */
public final class PostgresProcess implements AutoCloseable {
  /** The operating-system user the server runs as when the tests run as root. */
  static final String OS_USER = "rtkpg";

  /** The database superuser (trust authentication on the loopback address only). */
  static final String DB_USER = "postgres";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final Path socketDir;
  private final Path logFile;
  private final boolean asRoot;
  private final Thread shutdownHook;
  private int port;
  private boolean running;

  private PostgresProcess(Path bin, Path dir, boolean asRoot) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.socketDir = dir.resolve("sock");
    this.logFile = dir.resolve("postgres.log");
    this.asRoot = asRoot;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-process-stop");
  }

  /**
   * Creates a cluster in a new temporary directory, starts it on a free port and waits until it
   * answers.
   */
  public static PostgresProcess startNew() {
    Path bin = findBinaries();
    boolean asRoot = isRoot();
    Path dir;
    try {
      dir = Files.createTempDirectory(baseDirectory(asRoot), "rtk-pg-");
      Files.createDirectories(dir.resolve("sock"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PostgresProcess pg = new PostgresProcess(bin, dir, asRoot);
    try {
      if (asRoot) {
        ensureOsUser();
        pg.giveDirectoryToOsUser();
      }
      pg.run(
          Duration.ofSeconds(120),
          pg.pgCommand("initdb"),
          "-D",
          pg.data.toString(),
          "-U",
          DB_USER,
          "--auth=trust",
          "--encoding=UTF8",
          "--locale=C",
          "--no-sync");
      Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
      pg.startOnFreePort();
      return pg;
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DB_USER;
  }

  /** The database user to connect as (no password). */
  public String user() {
    return DB_USER;
  }

  /** A new JDBC connection to the server, bounded connect and socket timeouts. */
  public Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", DB_USER);
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(jdbcUrl(), p);
  }

  private void startOnFreePort() {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      port = freePort();
      try {
        start();
        return;
      } catch (RuntimeException e) {
        last = e; // the port was taken between the probe and the bind: try another
      }
    }
    throw last;
  }

  /**
   * Starts the server (again) on its port and waits until a JDBC connection succeeds (60 s at
   * most).
   */
  public synchronized void start() {
    if (running) {
      return;
    }
    String options =
        "-p "
            + port
            + " -k "
            + socketDir
            + " -c listen_addresses=127.0.0.1"
            // fsync off: data survives the server's crash (an immediate stop), only the machine's
            // would lose it;
            // synchronous_commit stays on, or an immediate stop would lose the last commits
            + " -c fsync=off -c full_page_writes=off"
            + " -c shared_buffers=16MB -c max_connections=100";
    run(
        START_TIMEOUT.plusSeconds(10),
        pgCommand("pg_ctl"),
        "-D",
        data.toString(),
        "-l",
        logFile.toString(),
        "-o",
        options,
        "-w",
        "-t",
        Long.toString(START_TIMEOUT.toSeconds()),
        "start");
    running = true;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      try (Connection c = connect()) {
        if (c.isValid(5)) {
          return;
        }
      } catch (SQLException e) {
        last = e;
      }
      sleepBriefly();
    }
    String log = tail(logFile);
    stopQuietly();
    throw new IllegalStateException(
        "PostgreSQL on port "
            + port
            + " did not accept connections within "
            + START_TIMEOUT
            + "; log:\n"
            + log,
        last);
  }

  /**
   * Stops the server at once, as a crash would ({@code pg_ctl stop -m immediate}); the data stays.
   */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    run(
        Duration.ofSeconds(30),
        pgCommand("pg_ctl"),
        "-D",
        data.toString(),
        "-m",
        "immediate",
        "-w",
        "-t",
        "20",
        "stop");
    running = false;
  }

  /** Whether the server is started. */
  public synchronized boolean isRunning() {
    return running;
  }

  /** Stops the server and deletes its directory. */
  @Override
  public synchronized void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // shutting down already, or never registered
    }
    deleteRecursively(dir);
  }

  private synchronized void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      System.err.println("could not stop PostgreSQL in " + dir + ": " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ processes

  private List<String> pgCommand(String name) {
    List<String> cmd = new ArrayList<>();
    if (asRoot) {
      cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    cmd.add(bin.resolve(name).toString());
    return cmd;
  }

  private void run(Duration timeout, List<String> command, String... args) {
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(List.of(args));
    runCommand(timeout, dir, cmd);
  }

  private static String runCommand(Duration timeout, Path workDir, List<String> cmd) {
    Path out;
    try {
      out = Files.createTempFile("rtk-pg-cmd-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      pb.environment().put("LC_ALL", "C");
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            String.join(" ", cmd) + " did not finish within " + timeout);
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      try {
        Files.deleteIfExists(out);
      } catch (IOException e) {
        // a temp file left behind is harmless
      }
    }
  }

  // ------------------------------------------------------------------ the machine

  /** The directory holding {@code initdb}, {@code pg_ctl} and {@code postgres}. */
  static Path findBinaries() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty("realtimekit.pg.bin"))
        .map(Paths::get)
        .ifPresent(candidates::add);
    candidates.add(Paths.get("/usr/local/bin"));
    Path debian = Paths.get("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .map(v -> v.resolve("bin"))
            .sorted(Comparator.comparing(PostgresProcess::majorVersion).reversed())
            .forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!entry.isEmpty()) {
        candidates.add(Paths.get(entry));
      }
    }
    for (Path dir : candidates) {
      if (Files.isExecutable(dir.resolve("initdb"))
          && Files.isExecutable(dir.resolve("pg_ctl"))
          && Files.isExecutable(dir.resolve("postgres"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in "
            + candidates
            + ": install Debian's postgresql package (.ci/run does) or set -Drealtimekit.pg.bin");
  }

  /**
   * The temporary directory to create the cluster in: {@code java.io.tmpdir}, unless the server
   * runs as another user who could not reach it (a parent not searchable by others), then {@code
   * /tmp}.
   */
  private static Path baseDirectory(boolean asRoot) throws IOException {
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    if (!asRoot) {
      return tmp;
    }
    for (Path p = tmp; p != null; p = p.getParent()) {
      if (!Files.getPosixFilePermissions(p)
          .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
        return Paths.get("/tmp");
      }
    }
    return tmp;
  }

  private static int majorVersion(Path binDir) {
    try {
      return Integer.parseInt(binDir.getParent().getFileName().toString().replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isRoot() {
    return runCommand(Duration.ofSeconds(10), null, List.of("id", "-u")).strip().equals("0");
  }

  /** Creates the unprivileged user when missing (a concurrent creation by another JVM is fine). */
  private static synchronized void ensureOsUser() {
    if (osUserExists()) {
      return;
    }
    try {
      runCommand(
          Duration.ofSeconds(30),
          null,
          List.of(
              "useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER));
    } catch (IllegalStateException e) {
      if (!osUserExists()) {
        throw e;
      }
    }
  }

  private static boolean osUserExists() {
    try {
      runCommand(Duration.ofSeconds(10), null, List.of("id", "-u", OS_USER));
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private void giveDirectoryToOsUser() {
    try {
      UserPrincipal owner =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          Files.setOwner(p, owner);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + dir + " to " + OS_USER, e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
