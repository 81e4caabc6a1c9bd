package io.realtimekit.redis;

import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of child {@code redis-server} processes on free loopback ports, for tests: {@code
 * masters} masters with {@code replicas} replicas each, made by {@code redis-cli --cluster create},
 * in a temporary directory deleted by {@link #close()} (which kills every process). The cluster
 * node timeout is 1 s, so a killed master's replica takes over within a few seconds.
 */
public final class RedisClusterProcess implements AutoCloseable {
  private final Path dir;
  private final Map<Integer, Process> processes = new LinkedHashMap<>();
  private final Map<Integer, Integer> busPorts = new LinkedHashMap<>();

  private final Thread shutdownHook = new Thread(this::close, "redis-cluster-stop");

  private RedisClusterProcess(Path dir) {
    this.dir = dir;
    // a test JVM stopped early (a timeout, ^C) still kills its servers
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the cluster and waits until every node says {@code cluster_state:ok} (30 s at most). */
  public static RedisClusterProcess start(int masters, int replicas) {
    Path dir;
    try {
      dir = Files.createTempDirectory("rtk-redis-cluster");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RedisClusterProcess c = new RedisClusterProcess(dir);
    try {
      int n = masters * (1 + replicas);
      for (int i = 0; i < n; i++) {
        int port = freePort();
        c.busPorts.put(port, freePort());
        c.startNode(port);
      }
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      c.processes.keySet().forEach(p -> create.add("127.0.0.1:" + p));
      create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
      c.cli(c.ports().get(0), create.toArray(String[]::new));
      c.awaitOk(Duration.ofSeconds(30));
      c.awaitReplicas(masters * replicas, Duration.ofSeconds(30));
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Every node's port, masters and replicas. */
  public List<Integer> ports() {
    return List.copyOf(processes.keySet());
  }

  /** {@code redis-cluster://127.0.0.1:<port>,...}: every node as a seed. */
  public String uri() {
    return "redis-cluster://"
        + ports().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** The port of the master now serving {@code key}. */
  public int masterOf(String key) {
    return slotMasters()[SlotHash.getSlot(key)];
  }

  /** For each of the 16384 slots, the port of the master now serving it (0 for none). */
  public int[] slotMasters() {
    int[] out = new int[SlotHash.SLOT_COUNT];
    for (String line : cli(aliveNode(), "cluster", "nodes").split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < f.length; i++) {
        if (f[i].startsWith("[")) {
          continue; // a slot being migrated
        }
        String[] range = f[i].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        for (int slot = from; slot <= to; slot++) {
          out[slot] = portOf(f[1]);
        }
      }
    }
    return out;
  }

  /** The ports of the replicas of the master on {@code masterPort}. */
  public List<Integer> replicasOf(int masterPort) {
    String id = cli(masterPort, "cluster", "myid").trim();
    List<Integer> out = new ArrayList<>();
    for (String line : cli(masterPort, "cluster", "nodes").split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length >= 4 && f[3].equals(id) && !f[2].contains("fail")) {
        out.add(portOf(f[1]));
      }
    }
    return out;
  }

  /**
   * Waits until every replica of the master on {@code masterPort} has replicated what the master
   * had written when called (replication is asynchronous: a master killed before that loses it).
   */
  public void awaitReplicated(int masterPort, Duration within) {
    long target = replicationOffset(masterPort, "master_repl_offset:");
    long deadline = System.nanoTime() + within.toNanos();
    for (int replica : replicasOf(masterPort)) {
      while (replicationOffset(replica, "slave_repl_offset:") < target) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("replica " + replica + " lags behind " + masterPort);
        }
        sleepBriefly();
      }
    }
  }

  private long replicationOffset(int port, String field) {
    for (String line : cli(port, "info", "replication").split("\\r?\\n")) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).trim());
      }
    }
    return -1;
  }

  /** Kills one node (SIGKILL), as a crash. */
  public synchronized void kill(int port) {
    Process p = processes.get(port);
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts a killed node again (it rejoins the cluster from its config file). */
  public synchronized void restart(int port) {
    startNode(port);
  }

  /** Whether a node is the master of some slots now (from its own {@code ROLE}). */
  public boolean isMaster(int port) {
    return cli(port, "role").startsWith("master");
  }

  /** Runs {@code FLUSHALL} on every master: all data lost, as a cluster without persistence. */
  public void flushAll() {
    for (int p : ports()) {
      if (processes.get(p).isAlive() && isMaster(p)) {
        cli(p, "flushall");
      }
    }
  }

  /** How many PUBLISH and SPUBLISH commands the live nodes have run. */
  public long publishCalls() {
    long n = 0;
    for (int p : ports()) {
      if (!processes.get(p).isAlive()) {
        continue;
      }
      for (String line : cli(p, "info", "commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_publish:calls=")
            || line.startsWith("cmdstat_spublish:calls=")) {
          n += Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
        }
      }
    }
    return n;
  }

  /**
   * Waits until {@code expected} nodes are replicas whose link to their master is up, and the
   * masters' own view of the cluster lists them all ({@code cluster_state:ok} comes before that:
   * replicas attach, sync and are gossiped about afterwards, slowly on a loaded machine).
   */
  private void awaitReplicas(int expected, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      int linked = 0;
      int listed = 0;
      for (int p : ports()) {
        String info = cli(p, "info", "replication");
        if (info.contains("role:slave") && info.contains("master_link_status:up")) {
          linked++;
        } else if (info.contains("role:master")) {
          listed += replicasOf(p).size();
        }
      }
      if (linked >= expected && listed >= expected) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "replicas not attached within " + within + ": " + linked + " linked, " + listed);
      }
      sleepBriefly();
    }
  }

  /** Waits until every live node says {@code cluster_state:ok}. */
  public void awaitOk(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      boolean ok = true;
      for (int p : ports()) {
        if (processes.get(p).isAlive() && !cli(p, "cluster", "info").contains("cluster_state:ok")) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the Redis Cluster is not ok within " + within);
      }
      sleepBriefly();
    }
  }

  @Override
  public synchronized void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this is the hook
    }
    for (Process p : processes.values()) {
      p.destroyForcibly();
    }
    for (Process p : processes.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** Runs {@code redis-cli -p <port> args...} and returns its output. */
  public String cli(int port, String... args) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", "" + port));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("redis-cli " + args[0] + " did not finish");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private int aliveNode() {
    return ports().stream()
        .filter(p -> processes.get(p).isAlive())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node alive"));
  }

  private static int portOf(String address) {
    // 127.0.0.1:7000@17000
    String hostPort = address.split("@")[0];
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  private void startNode(int port) {
    Process old = processes.get(port);
    if (old != null && old.isAlive()) {
      return;
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--cluster-port",
                    Integer.toString(busPorts.get(port)),
                    "--bind",
                    "127.0.0.1",
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    dir.resolve("nodes-" + port + ".conf").toString(),
                    "--cluster-node-timeout",
                    "1000",
                    "--cluster-replica-validity-factor",
                    "0",
                    "--dir",
                    dir.toString(),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + port + ".log").toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start redis-server (install the Debian package redis-server)", e);
    }
    processes.put(port, p);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!cli(port, "ping").startsWith("PONG")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server on port " + port + " did not start");
      }
      sleepBriefly();
    }
  }

  private static void sleepBriefly() {
    try {
      TimeUnit.MILLISECONDS.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    while (true) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
        int port = s.getLocalPort();
        if (port != 6379 && port != 16379) {
          return port;
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
