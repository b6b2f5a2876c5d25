package org.batchgfn.cli;

import picocli.CommandLine;

/**
 * Turns an exception thrown while a command runs into a one-line message on standard error and exit code 1.
 * Input problems (bad CSV cells, NaN features, batch larger than the pool) are {@link IllegalArgumentException}s or
 * {@link java.io.IOException}s whose messages already say what was wrong and where; anything else is unexpected and
 * also gets its stack trace, for a bug report.
 */
final class DataErrorHandler implements CommandLine.IExecutionExceptionHandler {

    /** Exit code for bad input data or a run-time failure. */
    static final int DATA_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String name = cmd.getCommandName();
        if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                || ex instanceof java.io.UncheckedIOException || ex instanceof ArithmeticException) {
            cmd.getErr().println(name + ": error: " + ex.getMessage());
        } else {
            cmd.getErr().println(name + ": unexpected error: " + ex);
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return DATA_ERROR;
    }
}
