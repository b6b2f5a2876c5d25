package org.batchgfn.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/**
 * One in-process run of the {@code batchgfn} command line for tests: exit code, standard output and standard
 * error.
 *
 * @param exitCode the exit code
 * @param out      standard output, line ends normalised to \n
 * @param err      standard error
 */
record Run(int exitCode, String out, String err) {

    /** @return standard output split into lines (none for empty output) */
    List<String> outLines() {
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** @return the row numbers of an {@code acquire}/{@code sample} output: the lines between the pool_row header and
     * the closing jmi= line */
    int[] rows() {
        List<String> lines = outLines();
        if (lines.isEmpty() || !lines.get(0).equals("pool_row")) {
            throw new AssertionError("expected a pool_row header; output: " + out + err);
        }
        return lines.subList(1, lines.size() - 1).stream().mapToInt(Integer::parseInt).toArray();
    }

    /**
     * Runs the CLI with the given arguments (each turned into a string).
     *
     * @param args the arguments
     * @return what it did
     */
    static Run run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = BatchGfnCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
        return new Run(code, out.toString().replace("\r\n", "\n"), err.toString());
    }
}
