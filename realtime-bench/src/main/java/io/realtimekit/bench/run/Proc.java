package io.realtimekit.bench.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads a process's CPU time and resident memory from {@code /proc} (Linux). */
final class Proc {
  /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ; 100 on Linux x86). */
  static final long TICKS_PER_SECOND = ticks();

  private Proc() {}

  /** User plus system CPU time of {@code pid}, in nanoseconds (resolution 1/USER_HZ). */
  static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
      return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
    }
  }

  /**
   * CPU time of each thread of {@code pid} but the JIT compiler's ({@code C1/C2 CompilerThread}),
   * in nanoseconds, by thread id: what the process spends running, not compiling. A thread that
   * ends between two readings takes its time with it (threads of a running server rarely do).
   */
  static Map<Long, Long> cpuNanosByThreadExceptCompiler(long pid) {
    Map<Long, Long> byThread = new HashMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue; // the thread ended while listed
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.contains("CompilerThre")) {
          continue;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        byThread.put(
            Long.parseLong(task.getFileName().toString()),
            ticks * 1_000_000_000L / TICKS_PER_SECOND);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/" + pid + "/task", e);
    }
    return byThread;
  }

  /** CPU time spent between two readings of {@link #cpuNanosByThreadExceptCompiler}. */
  static long cpuNanosBetween(Map<Long, Long> before, Map<Long, Long> after) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  /** Resident set size of {@code pid}, in bytes ({@code VmRSS}). */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
    }
    return -1;
  }

  /** The soft "Max open files" of {@code pid}, -1 when unknown. */
  static long openFileLimit(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
      if (line.startsWith("Max open files")) {
        String[] f = line.substring("Max open files".length()).trim().split("\\s+");
        return f[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[0]);
      }
    }
    return -1;
  }

  /** Threads of {@code pid} ({@code Threads:} of {@code /proc/<pid>/status}), -1 when gone. */
  static long threads(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Threads:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** The 1-minute load average of the machine ({@code /proc/loadavg}), NaN when unknown. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Open file descriptors of {@code pid} (entries of {@code /proc/<pid>/fd}), -1 when gone. */
  static long fds(long pid) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
      long n = 0;
      for (Path ignored : fds) {
        n++;
      }
      return n;
    } catch (IOException e) {
      return -1;
    }
  }

  static long self() {
    return ProcessHandle.current().pid();
  }

  private static long ticks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (Exception e) {
      return 100;
    }
  }
}
