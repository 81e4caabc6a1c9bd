package io.realtimekit.bench.run;

import java.util.List;
import java.util.Locale;

/**
 * One figure: ours, the baseline's, their ratio (ours / baseline), and the target when it
 * has one ({@code targetOp} is {@code <=} or {@code >=}, applied to {@code value}, or to the ratio
 * when {@code onRatio}).
 */
record Result(String scenario, String metric, String unit, double value, double baseline,
    String targetOp, double target, boolean onRatio) {

  static Result of(String scenario, String metric, String unit, double value, double baseline) {
    return new Result(scenario, metric, unit, value, baseline, null, Double.NaN, false);
  }

  Result target(String op, double t) {
    return new Result(scenario, metric, unit, value, baseline, op, t, false);
  }

  Result ratioTarget(String op, double t) {
    return new Result(scenario, metric, unit, value, baseline, op, t, true);
  }

  double ratio() {
    return baseline == 0 ? Double.NaN : value / baseline;
  }

  /** null when there is no target. */
  Boolean met() {
    if (targetOp == null) {
      return null;
    }
    double v = onRatio ? ratio() : value;
    return targetOp.equals("<=") ? v <= target : v >= target;
  }

  String targetText() {
    if (targetOp == null) {
      return "";
    }
    return (onRatio ? "ratio " : "") + targetOp + " " + num(target);
  }

  static String json(List<Result> results, String machine, String args) {
    StringBuilder b = new StringBuilder("[\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      b.append("  {\"scenario\":\"").append(r.scenario).append("\",\"metric\":\"").append(r.metric)
          .append("\",\"unit\":\"").append(r.unit).append("\",\"value\":").append(jnum(r.value))
          .append(",\"baseline\":").append(jnum(r.baseline)).append(",\"ratio\":").append(jnum(r.ratio()));
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
  static String markdown(List<Result> results, String machine, String args, String valueLabel, String baselineLabel) {
    StringBuilder b = new StringBuilder();
    b.append("| scenario | metric | unit | ").append(valueLabel).append(" | ").append(baselineLabel)
        .append(" | ratio | target | met |\n");
    b.append("|---|---|---|---:|---:|---:|---|---|\n");
    for (Result r : results) {
      Boolean met = r.met();
      b.append("| ").append(r.scenario).append(" | ").append(r.metric).append(" | ").append(r.unit)
          .append(" | ").append(num(r.value)).append(" | ").append(num(r.baseline)).append(" | ")
          .append(num(r.ratio())).append(" | ").append(r.targetText()).append(" | ")
          .append(met == null ? "" : met ? "yes" : "**no**").append(" |\n");
    }
    b.append("\n").append(machine).append("\n\nArguments: `").append(args.isBlank() ? "(defaults)" : args).append("`\n");
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
