package org.batchgfn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the benchmark's experiments into a run folder {@code OUT/RUN} and writes its report. The folder holds
 * {@code config.txt} (the configuration it was started with; running another configuration into it is refused),
 * one tidy CSV per result table, the plots and {@code report.md}. A {@link RunLock} keeps other processes out.
 * Experiments skip every recorded cell, so running the same command again resumes an interrupted run; the report
 * is regenerated from the CSV files at the end of every run, also when an experiment fails.
 */
public final class Benchmark {

    /** The configuration file of a run folder. */
    public static final String CONFIG_FILE = "config.txt";

    /** Every experiment, in the order they run. */
    public static final List<Experiment> EXPERIMENTS = List.of(new GpFitExperiment(), new FidelityExperiment(),
            new JmiExperiment(), new ActiveLearningExperiment(), new SpeedExperiment(), new TransferExperiment());

    private Benchmark() {
    }

    /** @return the experiment names, in run order */
    public static List<String> names() {
        return EXPERIMENTS.stream().map(Experiment::name).collect(Collectors.toList());
    }

    /**
     * @param names experiment names (any order, repeats ignored); empty means all
     * @return the experiments, in run order
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static List<Experiment> select(List<String> names) {
        for (String n : names) {
            if (!names().contains(n)) {
                throw new IllegalArgumentException("unknown experiment '" + n + "'; choose from " + names());
            }
        }
        List<Experiment> out = new ArrayList<>();
        for (Experiment e : EXPERIMENTS) {
            if (names.isEmpty() || names.contains(e.name())) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Runs experiments and writes the report.
     *
     * @param config      the configuration
     * @param experiments which to run
     * @param runDir      the run folder (created if missing)
     * @param console     progress and messages
     * @param observer    told about every recorded cell
     * @return the report file
     * @throws IllegalArgumentException         if the folder holds results of another configuration, or the data
     *                                          is invalid
     * @throws RunLock.RunLockedException       if another process is writing the folder
     * @throws IOException                      if the folder cannot be prepared
     */
    public static Path run(BenchConfig config, List<Experiment> experiments, Path runDir, PrintStream console,
                           BenchRun.CellObserver observer) throws IOException {
        BenchData data = BenchData.load(config); // first, so bad data leaves no run folder behind
        Files.createDirectories(runDir);
        try (RunLock lock = RunLock.acquire(runDir)) {
            checkOrWriteConfig(config.describeText(), runDir);
            console.println("bench: " + data.description() + "; results in " + runDir);
            BenchRun run = new BenchRun(config, data, runDir, console, observer);
            RuntimeException failure = null;
            try {
                for (Experiment e : experiments) {
                    e.run(run);
                }
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                try {
                    Path report = ReportWriter.write(runDir, provenance(config, data));
                    console.println("bench: report " + report);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
            return runDir.resolve("report.md");
        }
    }

    /**
     * Writes a run folder's {@code config.txt}, or checks that an existing one holds the same text.
     *
     * @param text   the configuration's description
     * @param runDir the run folder
     * @throws IllegalArgumentException if the folder was started with another configuration
     * @throws IOException              if the file cannot be written
     */
    static void checkOrWriteConfig(String text, Path runDir) throws IOException {
        Path file = runDir.resolve(CONFIG_FILE);
        if (Files.exists(file)) {
            String old = Files.readString(file, StandardCharsets.UTF_8);
            if (!old.equals(text)) {
                throw new IllegalArgumentException("results folder " + runDir + " was started with a different "
                        + "configuration (see its " + CONFIG_FILE + "); choose another --run name or --out folder, "
                        + "or rerun with the same options to resume it");
            }
            return;
        }
        Path tmp = runDir.resolve("." + CONFIG_FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, String> provenance(BenchConfig config, BenchData data) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("data source", data.description());
        p.put("pool / test rows", data.pool().size() + " / " + data.test().size());
        p.put("GP", BenchStrategies.gpTrainer(config).toString());
        p.put("strategies", BenchStrategies.activeLearningTrajectories(config).stream().map(Object::toString)
                .collect(Collectors.joining("; ")));
        p.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        p.put("machine", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        p.put("git commit", gitCommit());
        return p;
    }

    private static String gitCommit() {
        try {
            Process proc = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return proc.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

}
