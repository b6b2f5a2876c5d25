package org.batchgfn.cli;

import org.batchgfn.bench.BenchRun;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code batchgfn ...} in-process for tests, with a cell observer injected into {@code bench}. */
final class BenchCli {

    /** Exit code and what went to picocli's out and err. */
    record Result(int exitCode, String out, String err) {
    }

    private BenchCli() {
    }

    static Result run(BenchRun.CellObserver observer, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == BenchCommand.class) {
                    return (K) new BenchCommand(observer);
                }
                if (cls == SuiteCommand.class) {
                    return (K) new SuiteCommand(observer);
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
        CommandLine cl = new CommandLine(new BatchGfnCli(), factory);
        cl.setExecutionExceptionHandler(new DataErrorHandler());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(String... args) {
        return run((t, k) -> { }, args);
    }
}
