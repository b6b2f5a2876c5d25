package org.batchgfn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code predict}'s fit options: L-BFGS by default with its convergence reason on standard error, Adam when asked
 * for (or when only {@code --epochs} is given), restarts, and clear usage errors for contradictory options.
 */
class PredictFitOptionsTest {

    @TempDir
    Path dir;

    private static Run run(Object... args) {
        return Run.run(args);
    }

    private Object[] files() throws IOException {
        SplittableRandom rng = new SplittableRandom(4);
        StringBuilder train = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 40; i++) {
            double a = rng.nextDouble(-2, 2);
            double b = rng.nextDouble(-2, 2);
            train.append(a).append(',').append(b).append(',').append(Math.sin(a) + 0.3 * b + 0.05 * rng.nextGaussian())
                    .append('\n');
        }
        Path t = Files.writeString(dir.resolve("train.csv"), train);
        Path q = Files.writeString(dir.resolve("test.csv"), "x1,x2\n0,0\n1,1\n");
        return new Object[]{"predict", "--train", t, "--test", q, "--target", "y"};
    }

    private static Object[] with(Object[] head, Object... more) {
        Object[] all = Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        return all;
    }

    @Test
    void lbfgsIsTheDefaultAndReportsWhyItStopped() throws IOException {
        Object[] head = files();
        Run r = run(head);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("L-BFGS, at most 200 iterations"), r.err());
        assertTrue(r.err().contains("(LBFGS, ") && r.err().contains("stopped: "), r.err());
        assertTrue(r.err().contains("stopped: RELATIVE_CHANGE") || r.err().contains("stopped: GRADIENT_TOLERANCE"),
                r.err());
        Run capped = run(with(head, "--max-iterations", 1));
        assertTrue(capped.err().contains("1 iterations, stopped: MAX_ITERATIONS"), capped.err());
        Run adam = run(with(head, "--optimizer", "adam", "--epochs", 30));
        assertEquals(0, adam.exitCode(), adam.err());
        assertTrue(adam.err().contains("30 Adam epochs") && adam.err().contains("stopped: EPOCHS_COMPLETED"),
                adam.err());
        Run restarts = run(with(head, "--restarts", 2, "--restart-seed", 3));
        assertEquals(0, restarts.exitCode(), restarts.err());
        assertTrue(restarts.err().contains("3 starting points"), restarts.err());
        // The restarts include the default start, so the likelihood is at least the single fit's.
        assertTrue(lml(restarts.err()) >= lml(r.err()) - 1e-9, restarts.err() + " vs " + r.err());
    }

    private static double lml(String err) {
        String marker = "log marginal likelihood ";
        int at = err.indexOf(marker) + marker.length();
        return Double.parseDouble(err.substring(at, err.indexOf(' ', at)));
    }

    @Test
    void contradictoryFitOptionsAreUsageErrors() throws IOException {
        Object[] head = files();
        assertError(run(with(head, "--optimizer", "lbfgs", "--epochs", 5)), "--epochs applies to --optimizer adam");
        assertError(run(with(head, "--optimizer", "adam", "--max-iterations", 5)),
                "--max-iterations applies to --optimizer lbfgs");
        assertError(run(with(head, "--optimizer", "newton")), "unknown --optimizer 'newton'", "lbfgs, adam");
        assertError(run(with(head, "--restarts", -1)), "--restarts must be >= 0");
        assertError(run(with(head, "--max-iterations", -1)), "--max-iterations must be >= 0");
        assertError(run(with(head, "--restarts", 2, "--lengthscale", 1, "--outputscale", 1, "--noise", 0.1,
                "--mean", 0)), "--restarts cannot be combined with fixed hyperparameters");
    }

    private static void assertError(Run r, String... fragments) {
        assertEquals(2, r.exitCode(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in " + r.err());
        }
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("", r.out());
    }
}
