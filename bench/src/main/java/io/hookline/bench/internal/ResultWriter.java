package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.wire.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes an invocation's {@code results.json} and {@code report.md}. */
public final class ResultWriter {

    private ResultWriter() {
    }

    /** The machine as far as the JVM can tell, and how busy it was. */
    public static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("cpuModel", cpuModel());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("loadAverage1m", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public static void write(Path dir, Map<String, Object> header, List<RunResult> results,
                             Map<String, String> summary, List<String> notes) {
        Map<String, Object> json = new LinkedHashMap<>(header);
        json.put("summary", summary);
        json.put("runs", results.stream().map(ResultWriter::asMap).toList());
        json.put("notes", notes);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("results.json"), Json.writePretty(json) + "\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.md"), markdown(header, results, summary, notes),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HooklineException("cannot write the results to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Adds the charts drawn beside it to {@code report.md}. */
    public static void appendCharts(Path dir, List<Path> charts) {
        if (charts.isEmpty()) {
            return;
        }
        StringBuilder md = new StringBuilder("\n## Charts\n\n");
        charts.forEach(chart -> md.append("![").append(chart.getFileName()).append("](")
                .append(chart.getFileName()).append(")\n\n"));
        try {
            Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new HooklineException("cannot add the charts to " + dir.resolve("report.md") + ": "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, Object> asMap(RunResult r) {
        Map<String, Object> run = new LinkedHashMap<>();
        RunSpec spec = r.spec();
        run.put("id", spec.id());
        run.put("scenario", spec.scenario());
        run.put("system", spec.system().cliName());
        run.put("label", spec.label());
        run.put("fanOut", spec.layout().fanOut());
        run.put("endpoints", spec.layout().endpoints());
        run.put("events", spec.events());
        run.put("offeredEventsPerSecond", spec.rate());
        run.put("stalledEndpoints", spec.faults().stalled());
        run.put("failingEndpoints", spec.faults().failing());
        run.put("void", r.isVoid());
        run.put("voidReason", r.voidReason());
        Map<String, Object> ledger = new LinkedHashMap<>();
        ledger.put("expected", r.expected());
        ledger.put("delivered", r.delivered());
        ledger.put("deadLettered", r.deadLettered());
        ledger.put("deliveredAndAlsoDeadLettered", r.alsoDeadLettered());
        ledger.put("missing", r.missing());
        ledger.put("duplicates", r.duplicates());
        ledger.put("healthyExpected", r.healthyExpected());
        ledger.put("healthyDelivered", r.healthyDelivered());
        run.put("ledger", ledger);
        run.put("perSecond", Math.round(r.perSecond()));
        if (r.latencyMillis() != null) {
            Map<String, Object> latency = new LinkedHashMap<>();
            for (int i = 0; i < RunResult.PERCENTILES.length; i++) {
                latency.put(RunResult.PERCENTILES[i], r.latencyMillis()[i]);
            }
            run.put("latencyMillis", latency);
        }
        run.put("signaturesChecked", r.signaturesChecked());
        run.put("signaturesBad", r.signaturesBad());
        run.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        if (!r.counters().isEmpty()) {
            run.put("counters", r.counters());
        }
        if (!r.cpuSeconds().isEmpty()) {
            Map<String, Object> cpu = new LinkedHashMap<>();
            r.cpuSeconds().forEach((process, seconds) -> cpu.put(process, Math.round(seconds * 1000) / 1000.0));
            run.put("cpuSeconds", cpu);
            run.put("cpuMicrosPerDelivery", Math.round(r.cpuMicrosPerDelivery() * 10) / 10.0);
        }
        return run;
    }

    static String markdown(Map<String, Object> header, List<RunResult> results, Map<String, String> summary,
                           List<String> notes) {
        StringBuilder md = new StringBuilder();
        md.append("# hookline bench — ").append(header.get("started")).append("\n\n");
        md.append("Command: `").append(header.get("command")).append("`\n\n");
        md.append("Machine: ").append(header.get("machine")).append("\n\n");
        md.append("Broker: ").append(header.get("broker")).append("\n\n");
        md.append("Every figure below comes from one run on a shared machine: compare the ratios, which "
                + "set systems side by side in the same invocation, rather than the absolute rates.\n\n");
        md.append("## Summary\n\n| figure | value |\n|---|---|\n");
        summary.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Runs\n\n| # | scenario | system | fan-out | label | events | per s | p50 ms | p99 ms "
                + "| delivered | dead-lettered | missing | dup | sig checked/bad | s | ledger |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : results) {
            RunSpec s = r.spec();
            boolean latency = r.latencyMillis() != null && s.paced();
            md.append(String.format("| %d | %s | %s | %d | %s | %,d | %,.0f | %s | %s | %,d | %,d | %,d | %,d | %d/%d "
                            + "| %.1f | %s |%n",
                    s.id(), s.scenario(), s.system().cliName(), s.layout().fanOut(),
                    s.label().isEmpty() ? "" : s.label(), s.events(), r.perSecond(),
                    latency ? String.format("%.1f", r.p(0)) : "", latency ? String.format("%.1f", r.p(2)) : "",
                    r.delivered(), r.deadLettered(), r.missing(), r.duplicates(), r.signaturesChecked(),
                    r.signaturesBad(), r.seconds(), r.isVoid() ? "**VOID**: " + r.voidReason() : "balanced"));
        }
        List<RunResult> counted = results.stream().filter(r -> !r.counters().isEmpty()).toList();
        if (!counted.isEmpty()) {
            List<String> names = counted.get(0).counters().keySet().stream().toList();
            md.append("\n## What Hookline counted, per run\n\n")
                    .append("How much each of the dispatcher's counters (docs/metrics.md) grew during the run; "
                            + "a run's retries of an earlier run's deliveries count where they happen.\n\n| # | label |");
            names.forEach(name -> md.append(' ').append(name).append(" |"));
            md.append("\n|---|---|").append("---|".repeat(names.size())).append('\n');
            for (RunResult r : counted) {
                md.append("| ").append(r.spec().id()).append(" | ").append(r.spec().scenario()).append(' ')
                        .append(r.spec().label()).append(" |");
                names.forEach(name -> md.append(String.format(" %,d |", r.counters().getOrDefault(name, 0L))));
                md.append('\n');
            }
        }
        List<RunResult> measured = results.stream().filter(r -> !r.cpuSeconds().isEmpty()).toList();
        if (!measured.isEmpty()) {
            List<String> processes = measured.get(0).cpuSeconds().keySet().stream().toList();
            md.append("\n## CPU per delivery, per run\n\n")
                    .append("CPU time (user and system) each process used while the run went, in microseconds per "
                            + "delivery (per record for router runs): what a delivery costs the box, which moves "
                            + "less with other load than a rate does.\n\n| # | run |");
            processes.forEach(process -> md.append(' ').append(process).append(" |"));
            md.append(" total |\n|---|---|").append("---|".repeat(processes.size() + 1)).append('\n');
            for (RunResult r : measured) {
                md.append("| ").append(r.spec().id()).append(" | ").append(r.spec().title()).append(" |");
                processes.forEach(process -> md.append(String.format(" %,.0f |",
                        r.cpuSeconds().getOrDefault(process, 0.0) * 1e6 / r.expected())));
                md.append(String.format(" %,.0f |%n", r.cpuMicrosPerDelivery()));
            }
        }
        List<String> all = new ArrayList<>(notes);
        md.append("\n## How to read this\n\n");
        all.forEach(note -> md.append("- ").append(note).append("\n"));
        return md.toString();
    }

    public static String stamp(Instant now) {
        return now.toString().replace(":", "").replace("-", "").substring(0, 15) + "Z";
    }
}
