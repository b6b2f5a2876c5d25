package org.batchgfn.cli;

import picocli.CommandLine;

/**
 * Reports a usage error (unknown or missing option, bad option value, inconsistent options) in two lines on
 * standard error, the problem and where to find help, instead of the whole usage text, and exits with code 2.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    /** Exit code for bad usage (picocli's default for invalid input). */
    static final int USAGE_ERROR = 2;

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": usage error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE_ERROR;
    }
}
