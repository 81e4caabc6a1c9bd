package io.realtimekit.bench.run;

import java.util.List;
import java.util.Locale;

/**
 * One figure: ours, the baseline's, their ratio (ours / baseline), in a three-way run the Socket.IO
 * peer's ({@code peer}, NaN otherwise) and ours / the peer's, the settings changed from the shipped
 * defaults for the scenario ({@code settings}, null when none is named), and the target
 * when it has one ({@code targetOp} is {@code <=} or {@code >=}, applied to {@code value}, to the
 * ratio ({@code on} "ratio") or to the peer ratio ({@code on} "peerRatio")).
 */
record Result(
    String scenario,
    String metric,
    String unit,
    double value,
    double baseline,
    double peer,
    String settings,
    String targetOp,
    double target,
    String on) {

  static Result of(String scenario, String metric, String unit, double value, double baseline) {
    return new Result(
        scenario, metric, unit, value, baseline, Double.NaN, null, null, Double.NaN, "value");
  }

  static Result of(
      String scenario,
      String metric,
      String unit,
      double value,
      double baseline,
      double peer,
      String settings) {
    return new Result(
        scenario, metric, unit, value, baseline, peer, settings, null, Double.NaN, "value");
  }

  Result target(String op, double t) {
    return new Result(scenario, metric, unit, value, baseline, peer, settings, op, t, "value");
  }

  Result ratioTarget(String op, double t) {
    return new Result(scenario, metric, unit, value, baseline, peer, settings, op, t, "ratio");
  }

  Result peerRatioTarget(String op, double t) {
    return new Result(scenario, metric, unit, value, baseline, peer, settings, op, t, "peerRatio");
  }

  double ratio() {
    return baseline == 0 ? Double.NaN : value / baseline;
  }

  double peerRatio() {
    return peer == 0 ? Double.NaN : value / peer;
  }

  /** null when there is no target. */
  Boolean met() {
    if (targetOp == null) {
      return null;
    }
    double v =
        switch (on) {
          case "ratio" -> ratio();
          case "peerRatio" -> peerRatio();
          default -> value;
        };
    if (Double.isNaN(v)) {
      return false;
    }
    return targetOp.equals("<=") ? v <= target : v >= target;
  }

  String targetText() {
    if (targetOp == null) {
      return "";
    }
    String prefix =
        switch (on) {
          case "ratio" -> "ratio ";
          case "peerRatio" -> "vs Socket.IO ";
          default -> "";
        };
    return prefix + targetOp + " " + num(target);
  }

  static String json(List<Result> results, String machine, String args) {
    StringBuilder b = new StringBuilder("[\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      b.append("  {\"scenario\":\"")
          .append(r.scenario)
          .append("\",\"metric\":\"")
          .append(r.metric)
          .append("\",\"unit\":\"")
          .append(r.unit)
          .append("\",\"value\":")
          .append(jnum(r.value))
          .append(",\"baseline\":")
          .append(jnum(r.baseline))
          .append(",\"ratio\":")
          .append(jnum(r.ratio()));
      if (!Double.isNaN(r.peer)) {
        b.append(",\"peer\":")
            .append(jnum(r.peer))
            .append(",\"peerRatio\":")
            .append(jnum(r.peerRatio()));
      }
      if (r.settings != null) {
        b.append(",\"settings\":\"")
            .append(r.settings.replace("\\", "\\\\").replace("\"", "\\\""))
            .append('"');
      }
      if (r.targetOp != null) {
        b.append(",\"target\":\"").append(r.targetText()).append("\",\"met\":").append(r.met());
      }
      b.append("}").append(i + 1 < results.size() ? ",\n" : "\n");
    }
    return b.append("]\n").toString();
  }

  static String markdown(List<Result> results, String machine, String args) {
    return markdown(results, machine, args, "realtimekit", "baseline");
  }

  /** {@code valueLabel}, {@code baselineLabel}: the headers of the value and baseline columns. */
  static String markdown(
      List<Result> results, String machine, String args, String valueLabel, String baselineLabel) {
    StringBuilder b = new StringBuilder();
    b.append("| scenario | metric | unit | ")
        .append(valueLabel)
        .append(" | ")
        .append(baselineLabel)
        .append(" | ratio | target | met |\n");
    b.append("|---|---|---|---:|---:|---:|---|---|\n");
    for (Result r : results) {
      Boolean met = r.met();
      b.append("| ")
          .append(r.scenario)
          .append(" | ")
          .append(r.metric)
          .append(" | ")
          .append(r.unit)
          .append(" | ")
          .append(num(r.value))
          .append(" | ")
          .append(num(r.baseline))
          .append(" | ")
          .append(num(r.ratio()))
          .append(" | ")
          .append(r.targetText())
          .append(" | ")
          .append(met == null ? "" : met ? "yes" : "**no**")
          .append(" |\n");
    }
    b.append("\n")
        .append(machine)
        .append("\n\nArguments: `")
        .append(args.isBlank() ? "(defaults)" : args)
        .append("`\n");
    return b.toString();
  }

  /** The three-way table: realtimekit, baseline, Socket.IO peer, both ratios. */
  static String markdownThreeWay(List<Result> results, String machine, String args) {
    StringBuilder b = new StringBuilder();
    b.append(
        "| scenario | metric | unit | realtimekit | baseline | Socket.IO | ÷ baseline | ÷ Socket.IO | target | met |\n");
    b.append("|---|---|---|---:|---:|---:|---:|---:|---|---|\n");
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (Result r : results) {
      Boolean met = r.met();
      b.append("| ")
          .append(r.scenario)
          .append(" | ")
          .append(r.metric)
          .append(" | ")
          .append(r.unit)
          .append(" | ")
          .append(num(r.value))
          .append(" | ")
          .append(num(r.baseline))
          .append(" | ")
          .append(num(r.peer))
          .append(" | ")
          .append(num(r.ratio()))
          .append(" | ")
          .append(num(r.peerRatio()))
          .append(" | ")
          .append(r.targetText())
          .append(" | ")
          .append(met == null ? "" : met ? "yes" : "**no**")
          .append(" |\n");
      if (r.settings != null) {
        settings.putIfAbsent(r.scenario, r.settings);
      }
    }
    b.append(
        "\nSettings by scenario (realtimekit is the example jar as shipped unless named here):\n\n");
    settings.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
    b.append("\n")
        .append(machine)
        .append("\n\nArguments: `")
        .append(args.isBlank() ? "(defaults)" : args)
        .append("`\n");
    return b.toString();
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    double a = Math.abs(v);
    String f = a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, f, v);
  }

  private static String jnum(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
  }
}
