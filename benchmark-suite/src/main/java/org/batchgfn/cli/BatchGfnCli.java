package org.batchgfn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code batchgfn} command-line tool: predict with an exact GP, pick the next batch to label, and run the
 * benchmark experiments. Started by the {@code ./batchgfn} launcher at the repository root.
 * <p>
 * Exit codes: 0 success, 1 bad input data or a failure while running (message on standard error), 2 bad usage.
 */
@Command(name = "batchgfn", mixinStandardHelpOptions = true, version = "batchgfn 0.1.0-SNAPSHOT",
        description = "Batch active learning with exact Gaussian processes and generative flow networks.",
        subcommands = {CommandLine.HelpCommand.class, PredictCommand.class, AcquireCommand.class, SampleCommand.class,
                BenchCommand.class, DatasetsCommand.class})
public final class BatchGfnCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the tool without exiting: the entry point for tests.
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line, for callers that redirect its output ({@link CommandLine#setOut},
     * {@link CommandLine#setErr}) before {@link CommandLine#execute}, such as tests.
     *
     * @return a new command line with this tool's error handling
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BatchGfnCli());
        cl.setExecutionExceptionHandler(new DataErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        return cl;
    }

    @Override
    public void run() {
        // No subcommand: picocli prints this message followed by the usage.
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
