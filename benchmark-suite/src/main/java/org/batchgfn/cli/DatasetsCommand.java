package org.batchgfn.cli;

import org.batchgfn.datasets.RegressionDatasetInfo;
import org.batchgfn.datasets.RegressionDatasets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code batchgfn datasets}: lists the public regression data sets shipped with the library (name, rows, features,
 * target, source package, licence), or writes one as a CSV file that {@code predict}, {@code acquire} and
 * {@code bench --data} read.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the shipped regression data sets, or write one as CSV.",
                "They are the real data of 'bench suite'; --write NAME gives a CSV (header row, features then "
                        + "the target) for --data, --train or --pool."})
public final class DatasetsCommand implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--write", paramLabel = "NAME", description = "Write this data set as CSV instead of listing.")
    private String write;

    @Option(names = "--out", paramLabel = "FILE", description = "With --write: the file (written atomically) "
            + "instead of standard output.")
    private Path out;

    /** For picocli. */
    public DatasetsCommand() {
    }

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        PrintWriter stdout = cmd.getOut();
        if (write == null) {
            if (out != null) {
                throw new CommandLine.ParameterException(cmd, "--out needs --write NAME");
            }
            for (RegressionDatasetInfo i : RegressionDatasets.available()) {
                stdout.printf("%-10s %6d rows x %2d features, target %s%n", i.name(), i.rows(),
                        i.featureColumns().size(), i.targetColumn());
                stdout.printf("           %s%n           source: %s; licence: %s%n", i.description(), i.source(),
                        i.licence());
            }
            stdout.flush();
            return 0;
        }
        if (!RegressionDatasets.names().contains(write)) {
            throw new CommandLine.ParameterException(cmd, "unknown data set '" + write + "'; available: "
                    + RegressionDatasets.names());
        }
        new CommandOutput(out).write(new String(RegressionDatasets.csv(write), StandardCharsets.UTF_8), stdout);
        stdout.flush();
        return 0;
    }
}
