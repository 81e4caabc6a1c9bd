package io.realtimekit.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak's samples (every 10 s, per process: heap after GC, RSS, threads, file descriptors, open
 * connections; redis-server's memory and keys) and their trend: the least-squares slope of each
 * series over its samples after the warm-up, and whether that is flat.
 *
 * <p>Flat: the fitted line changes by at most 10 % of the series' mean over the fitted window, or
 * by less than an absolute floor (heap 8 MiB, RSS 32 MiB, 3 threads, 8 descriptors, 10 % of the
 * clients for connections, Redis 4 MiB and 200 keys), so that a series near zero is not called
 * growing for one more thread.
 */
final class SoakSamples {
  /** One reading of one series. */
  record Point(double seconds, double value) {}

  /** The trend of one series. */
  record Trend(
      String series,
      int samples,
      double first,
      double last,
      double mean,
      double slopePerHour,
      double fittedChange,
      boolean flat) {}

  private final Map<String, List<Point>> series = new LinkedHashMap<>();
  private final Map<String, Double> floors = new LinkedHashMap<>();

  synchronized void add(String name, double seconds, double value, double floor) {
    if (value < 0 || Double.isNaN(value)) {
      return;
    }
    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new Point(seconds, value));
    floors.putIfAbsent(name, floor);
  }

  synchronized Map<String, List<Point>> all() {
    Map<String, List<Point>> copy = new LinkedHashMap<>();
    series.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  /** Trends of every series, fitted over its points at or after {@code fromSeconds}. */
  synchronized List<Trend> trends(double fromSeconds) {
    List<Trend> r = new ArrayList<>();
    series.forEach(
        (name, points) -> {
          List<Point> p = points.stream().filter(x -> x.seconds() >= fromSeconds).toList();
          if (p.size() < 3) {
            return;
          }
          double slope = slope(p);
          double mean = p.stream().mapToDouble(Point::value).average().orElse(0);
          double window = p.get(p.size() - 1).seconds() - p.get(0).seconds();
          double change = slope * window;
          boolean flat = Math.abs(change) <= Math.max(0.10 * Math.abs(mean), floors.get(name));
          r.add(
              new Trend(
                  name,
                  p.size(),
                  p.get(0).value(),
                  p.get(p.size() - 1).value(),
                  mean,
                  slope * 3600,
                  change,
                  flat));
        });
    return r;
  }

  /** The least-squares slope of {@code p}, per second. */
  static double slope(List<Point> p) {
    double n = p.size();
    double sx = 0;
    double sy = 0;
    for (Point q : p) {
      sx += q.seconds();
      sy += q.value();
    }
    double mx = sx / n;
    double my = sy / n;
    double num = 0;
    double den = 0;
    for (Point q : p) {
      num += (q.seconds() - mx) * (q.value() - my);
      den += (q.seconds() - mx) * (q.seconds() - mx);
    }
    return den == 0 ? 0 : num / den;
  }

  static String row(Trend t) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.1f | %.1f | %.1f | %+.2f | %+.1f | %s |",
        t.series(),
        t.samples(),
        t.first(),
        t.last(),
        t.mean(),
        t.slopePerHour(),
        t.fittedChange(),
        t.flat() ? "flat" : "GROWING");
  }
}
