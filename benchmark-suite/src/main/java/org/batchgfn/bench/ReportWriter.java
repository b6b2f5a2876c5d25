package org.batchgfn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code report.md} of a run folder from its CSV files alone (so it can be regenerated at any time, and is
 * after every run and resume): the configuration and provenance, the headline numbers, and one section per
 * experiment that has results, each written by the experiment's own {@link ReportSection}
 * ({@link Experiment#report()}), with its plots saved beside the report as PNG and SVG. Sections of experiments
 * without results are left out.
 */
public final class ReportWriter {

    /** The experiments in the order their sections appear (the headline numbers follow it too). */
    static final List<String> SECTION_ORDER = List.of(FidelityExperiment.NAME, JmiExperiment.NAME,
            ActiveLearningExperiment.NAME, SpeedExperiment.NAME, TransferExperiment.NAME, GpFitExperiment.NAME);

    private ReportWriter() {
    }

    /**
     * Writes the report (temporary file, then an atomic rename).
     *
     * @param dir        the run folder
     * @param provenance extra {@code key: value} lines (data, versions, strategies)
     * @return the report file
     */
    public static Path write(Path dir, Map<String, String> provenance) {
        ReportPage page = new ReportPage(dir);
        for (String name : SECTION_ORDER) {
            for (Experiment e : Benchmark.EXPERIMENTS) {
                if (e.name().equals(name)) {
                    e.report().writeSection(page);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# BatchGFN benchmark: ").append(dir.getFileName()).append("\n\n");
        out.append("Generated ").append(Instant.now())
                .append(" from the CSV files in this folder by `./batchgfn bench`.")
                .append(" Rerunning the same command resumes the run and regenerates this page.\n\n");
        out.append("## Headline numbers\n\n");
        if (page.headlines().isEmpty()) {
            out.append("No results yet.\n");
        }
        for (String h : page.headlines()) {
            out.append("- ").append(h).append('\n');
        }
        out.append('\n').append(page.body());
        out.append("## Configuration and provenance\n\n| setting | value |\n| --- | --- |\n");
        for (Map.Entry<String, String> e : readConfig(dir).entrySet()) {
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        for (Map.Entry<String, String> e : provenance.entrySet()) {
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue().replace("|", "\\|")).append(" |\n");
        }
        return page.writeAtomically("report.md", out.toString());
    }

    private static Map<String, String> readConfig(Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        Path f = dir.resolve(Benchmark.CONFIG_FILE);
        if (Files.exists(f)) {
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf(" = ");
                    if (eq > 0) {
                        out.put(line.substring(0, eq), line.substring(eq + 3));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
