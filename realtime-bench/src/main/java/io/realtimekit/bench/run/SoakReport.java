package io.realtimekit.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code soak} scenario from the command line and writes {@code soak.json} (the verdict,
 * the trends, every sample, the timeline) and {@code soak.md} into {@code --out}.
 */
final class SoakReport {
  private SoakReport() {}

  /** Runs it; returns true when nothing acknowledged was lost or duplicated. */
  static boolean run(Options o, Scenarios s, byte[] secret, String secretText) throws Exception {
    long started = System.nanoTime();
    Soak.Plan plan = Soak.Plan.of(o);
    Soak.Report r = new Soak(plan, s, secret, secretText, o).run();
    String machine = Runner.machine(o, (System.nanoTime() - started) / 1e9);
    Path out = Path.of(o.out);
    Files.createDirectories(out);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", Soak.NAME);
    json.put("command", String.join(" ", o.raw));
    json.put("machine", machine);
    json.put("plan", plan);
    json.put("verdict", r.verdict());
    json.put("trends", r.trends());
    json.put("timeline", r.timeline());
    json.put("notes", r.notes());
    json.put("samples", r.samples().all());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("soak.json").toFile(), json);
    String md = markdown(r, plan, machine, String.join(" ", o.raw));
    Files.writeString(out.resolve("soak.md"), md);
    System.out.println(md);
    System.out.println("written: " + out.resolve("soak.json") + ", " + out.resolve("soak.md"));
    return clean(r.verdict());
  }

  /** No acknowledged message lost (silently or not), none duplicated or misdelivered. */
  static boolean clean(Map<String, Double> v) {
    return v.get("acknowledged lost silently") == 0
        && v.get("acknowledged lost after a recovery failure") == 0
        && v.get("duplicate frames") == 0
        && v.get("misdelivered") == 0;
  }

  static String markdown(Soak.Report r, Soak.Plan plan, String machine, String command) {
    List<String> l = new ArrayList<>();
    l.add("# Soak");
    l.add("");
    l.add("`" + command + "`: " + plan + ". " + machine);
    l.add("");
    l.add("| figure | count |");
    l.add("|---|---|");
    r.verdict().forEach((k, v) -> l.add("| " + k + " | " + Math.round(v) + " |"));
    l.add("");
    l.add(
        "Trends (least-squares fit over the samples after the warm-up; flat: the fitted change"
            + " over the window is within 10 % of the mean or under the series' floor):");
    l.add("");
    l.add("| series | samples | first | last | mean | slope per hour | fitted change | |");
    l.add("|---|---|---|---|---|---|---|---|");
    r.trends().forEach(t -> l.add(SoakSamples.row(t)));
    l.add("");
    l.add("Timeline:");
    l.add("");
    l.add("```");
    l.addAll(r.timeline());
    l.add("```");
    if (!r.notes().isEmpty()) {
      l.add("");
      l.add("Notes (first defects and load-generator problems):");
      l.add("");
      r.notes().forEach(n -> l.add("- " + n));
    }
    return String.join("\n", l) + "\n";
  }
}
