package org.batchgfn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end tests of {@code batchgfn predict} and {@code batchgfn acquire}: CSV files written to a temporary
 * directory, the picocli command line run in-process with captured standard output and error. Numbers are checked
 * against a GP posterior and log-determinants computed here from the written-out kernel formulas, not by the
 * library.
 */
class PredictAcquireCommandsTest {

    @TempDir
    Path dir;

    // ---------------------------------------------------------------------------------------------------------
    // Running the tool

    private static Run run(Object... args) {
        return Run.run(args);
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static String csv(String header, double[][] rows) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                sb.append(j == 0 ? "" : ",").append(row[j]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static double[][] parseCsv(List<String> lines, String expectedHeader) {
        assertEquals(expectedHeader, lines.get(0));
        double[][] out = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            out[i - 1] = Arrays.stream(lines.get(i).split(",")).mapToDouble(Double::parseDouble).toArray();
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Independent truth: kernels written out, a small GP posterior and determinants by hand

    /** k(a, b) = s · g(r), r = sqrt(Σ_k ((a_k − b_k)/ℓ_k)²). */
    private static double kernel(String name, double[] a, double[] b, double[] ls, double s) {
        double r2 = 0;
        for (int k = 0; k < a.length; k++) {
            double d = (a[k] - b[k]) / ls[k];
            r2 += d * d;
        }
        double r = Math.sqrt(r2);
        switch (name) {
            case "matern12":
                return s * Math.exp(-r);
            case "matern32":
                return s * (1 + Math.sqrt(3) * r) * Math.exp(-Math.sqrt(3) * r);
            case "matern52":
                return s * (1 + Math.sqrt(5) * r + 5 * r * r / 3) * Math.exp(-Math.sqrt(5) * r);
            case "rbf":
                return s * Math.exp(-r * r / 2);
            default:
                throw new IllegalArgumentException(name);
        }
    }

    /** Solves A x = b by Gaussian elimination with partial pivoting (A small and well conditioned). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double acc = m[r][n];
            for (int k = r + 1; k < n; k++) {
                acc -= m[r][k] * x[k];
            }
            x[r] = acc / m[r][r];
        }
        return x;
    }

    /** Determinant by Laplace expansion along the first row (for the few 1×1 … 4×4 matrices used here). */
    private static double det(double[][] a) {
        int n = a.length;
        if (n == 1) {
            return a[0][0];
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double[][] minor = new double[n - 1][n - 1];
            for (int r = 1; r < n; r++) {
                for (int c = 0, cc = 0; c < n; c++) {
                    if (c != j) {
                        minor[r - 1][cc++] = a[r][c];
                    }
                }
            }
            sum += (j % 2 == 0 ? 1 : -1) * a[0][j] * det(minor);
        }
        return sum;
    }

    /** Exact GP posterior given training data, computed directly. */
    private static final class HandGp {
        final String kernel;
        final double[][] trainX;
        final double[] ls;
        final double s;
        final double noise;
        final double mean;
        final double[] alpha; // (K + σ²I)⁻¹ (y − m)

        HandGp(String kernel, double[][] trainX, double[] trainY, double[] ls, double s, double noise,
               double mean) {
            this.kernel = kernel;
            this.trainX = trainX;
            this.ls = ls;
            this.s = s;
            this.noise = noise;
            this.mean = mean;
            double[] centred = new double[trainY.length];
            for (int i = 0; i < trainY.length; i++) {
                centred[i] = trainY[i] - mean;
            }
            this.alpha = solve(noisyGram(), centred);
        }

        double[][] noisyGram() {
            int m = trainX.length;
            double[][] k = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    k[i][j] = k(trainX[i], trainX[j]) + (i == j ? noise : 0);
                }
            }
            return k;
        }

        double k(double[] a, double[] b) {
            return PredictAcquireCommandsTest.kernel(kernel, a, b, ls, s);
        }

        double[] cross(double[] x) {
            double[] out = new double[trainX.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = k(x, trainX[i]);
            }
            return out;
        }

        double posteriorMean(double[] x) {
            double[] kx = cross(x);
            double acc = mean;
            for (int i = 0; i < kx.length; i++) {
                acc += kx[i] * alpha[i];
            }
            return acc;
        }

        double posteriorCovariance(double[] a, double[] b) {
            double[] ka = cross(a);
            double[] v = solve(noisyGram(), cross(b));
            double acc = k(a, b);
            for (int i = 0; i < ka.length; i++) {
                acc -= ka[i] * v[i];
            }
            return acc;
        }

        /** ½ log det(I + σ⁻² Σ_B), Σ_B the posterior covariance of the batch, by an explicit determinant. */
        double jmi(double[][] pool, List<Integer> batch) {
            int b = batch.size();
            double[][] m = new double[b][b];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < b; j++) {
                    m[i][j] = posteriorCovariance(pool[batch.get(i)], pool[batch.get(j)]) / noise + (i == j ? 1 : 0);
                }
            }
            return 0.5 * Math.log(det(m));
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    // ---------------------------------------------------------------------------------------------------------
    // predict

    @ParameterizedTest
    @ValueSource(strings = {"matern12", "matern32", "matern52", "rbf"})
    void predictWithFixedRawHyperparametersMatchesTheClosedForm(String kernel) throws IOException {
        double[][] trainX = {{0.0}, {1.0}, {2.5}};
        double[] trainY = {1.0, 2.0, 0.5};
        Path train = write("train.csv", "x,y\n0,1\n1,2\n2.5,0.5\n");
        Path test = write("test.csv", "x\n0.5\n1\n-3\n");
        double ls = 1.3;
        double s = 2.0;
        double noise = 0.1;
        double m = 0.4;
        Run r = run("predict", "--train", train, "--test", test, "--target", "y", "--kernel", kernel, "--raw",
                "--lengthscale", ls, "--outputscale", s, "--noise", noise, "--mean", m);
        assertEquals(0, r.exitCode(), r.err());
        double[][] got = parseCsv(r.outLines(), "mean,variance,predictive_variance");
        HandGp gp = new HandGp(kernel, trainX, trainY, new double[]{ls}, s, noise, m);
        double[][] testX = {{0.5}, {1.0}, {-3.0}};
        assertEquals(testX.length, got.length);
        for (int i = 0; i < testX.length; i++) {
            double var = gp.posteriorCovariance(testX[i], testX[i]);
            assertClose(gp.posteriorMean(testX[i]), got[i][0], "mean, row " + i);
            assertClose(var, got[i][1], "latent variance, row " + i);
            assertClose(var + noise, got[i][2], "predictive variance, row " + i);
        }
        assertTrue(r.err().contains("fixed hyperparameters"), r.err());
    }

    @Test
    void perFeatureLengthscalesFollowTheTrainingFileColumnOrderWhateverTheTestColumnOrder() throws IOException {
        // File order (z, a) differs from Tribuo's sorted feature order (a, z); the test file has a third order
        // and the target column, which must be ignored even though it is not numeric.
        Path train = write("train2.csv", "z,y,a\n0,1,0\n1,-1,0.5\n0.3,0.2,2\n");
        Path test = write("test2.csv", "y,a,z\nunknown,1,0.2\n?,-1,2\n");
        double lz = 0.7;
        double la = 2.5;
        Run r = run("predict", "--train", train, "--test", test, "--target", "y", "--raw", "--kernel", "rbf",
                "--lengthscale", lz + "," + la, "--outputscale", 1.5, "--noise", 0.05, "--mean", 0);
        assertEquals(0, r.exitCode(), r.err());
        double[][] got = parseCsv(r.outLines(), "mean,variance,predictive_variance");
        HandGp gp = new HandGp("rbf", new double[][]{{0, 0}, {1, 0.5}, {0.3, 2}}, new double[]{1, -1, 0.2},
                new double[]{lz, la}, 1.5, 0.05, 0);
        double[][] testZa = {{0.2, 1}, {2, -1}};
        for (int i = 0; i < testZa.length; i++) {
            assertClose(gp.posteriorMean(testZa[i]), got[i][0], "mean, row " + i);
            assertClose(gp.posteriorCovariance(testZa[i], testZa[i]), got[i][1], "variance, row " + i);
        }
    }

    @Test
    void fixedHyperparametersWithoutRawAreInStandardisedUnits() throws IOException {
        double[][] trainX = {{1.0}, {3.0}, {8.0}};
        double[] trainY = {10.0, 14.0, 30.0};
        Path train = write("train3.csv", csv("x,y", new double[][]{{1, 10}, {3, 14}, {8, 30}}));
        Path test = write("test3.csv", "x\n2\n12\n");
        Run r = run("predict", "--train", train, "--test", test, "--target", "y", "--kernel", "matern32",
                "--lengthscale", 0.8, "--outputscale", 1.2, "--noise", 0.01, "--mean", 0.1);
        assertEquals(0, r.exitCode(), r.err());
        double[][] got = parseCsv(r.outLines(), "mean,variance,predictive_variance");
        // Standardise by hand: population mean and standard deviation of the training columns.
        double xm = 4.0;
        double xs = Math.sqrt(((1 - xm) * (1 - xm) + (3 - xm) * (3 - xm) + (8 - xm) * (8 - xm)) / 3);
        double ym = 18.0;
        double ys = Math.sqrt(((10 - ym) * (10 - ym) + (14 - ym) * (14 - ym) + (30 - ym) * (30 - ym)) / 3);
        double[][] xw = new double[3][1];
        double[] yw = new double[3];
        for (int i = 0; i < 3; i++) {
            xw[i][0] = (trainX[i][0] - xm) / xs;
            yw[i] = (trainY[i] - ym) / ys;
        }
        HandGp gp = new HandGp("matern32", xw, yw, new double[]{0.8}, 1.2, 0.01, 0.1);
        double[] testX = {2, 12};
        for (int i = 0; i < 2; i++) {
            double[] t = {(testX[i] - xm) / xs};
            assertClose(ym + ys * gp.posteriorMean(t), got[i][0], "mean, row " + i);
            double var = ys * ys * gp.posteriorCovariance(t, t);
            assertClose(var, got[i][1], "variance, row " + i);
            assertClose(var + ys * ys * 0.01, got[i][2], "predictive variance, row " + i);
        }
        assertTrue(r.err().contains("standardised units"), r.err());
    }

    @Test
    void fittedPredictionsAreConsistentAndGoAtomicallyToOut() throws IOException {
        // File column order (x2, x1) differs from the model's sorted order (x1, x2).
        StringBuilder trainCsv = new StringBuilder("x2,x1,y\n");
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 15; i++) {
            double a = rng.nextDouble(-2, 2);
            double b = rng.nextDouble(-2, 2);
            trainCsv.append(a).append(',').append(b).append(',').append(Math.sin(a) + 0.5 * b).append('\n');
        }
        Path train = write("fit-train.csv", trainCsv.toString());
        Path test = write("fit-test.csv", "x2,x1\n0,0\n1,-1\n5,5\n");
        Path outFile = dir.resolve("predictions.csv");
        Files.writeString(outFile, "old content that must be replaced\n");
        Run r = run("predict", "--train", train, "--test", test, "--target", "y", "--epochs", 50, "--out",
                outFile);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out(), "the CSV goes to --out only");
        assertTrue(r.err().contains("fitting GP hyperparameters") && r.err().contains("50 Adam epochs"), r.err());
        double[][] got = parseCsv(Files.readAllLines(outFile), "mean,variance,predictive_variance");
        assertEquals(3, got.length);
        double noise = got[0][2] - got[0][1];
        assertTrue(noise > 0, "predictive variance exceeds the latent variance by the noise");
        for (double[] row : got) {
            assertTrue(row[1] >= 0 && Double.isFinite(row[0]));
            assertEquals(noise, row[2] - row[1], 1e-9, "the same noise variance on every row");
        }
        assertTrue(got[2][1] > got[0][1], "far from the data the latent variance is larger");
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        // Same run to standard output gives the same numbers (the fit is deterministic).
        Run again = run("predict", "--train", train, "--test", test, "--target", "y", "--epochs", 50);
        assertEquals(String.join("\n", Files.readAllLines(outFile)) + "\n", again.out());

        // The status line states the fitted hyperparameters as options; fixing them reproduces the predictions.
        String marker = "lengthscales of x2, x1): ";
        int at = r.err().indexOf(marker);
        assertTrue(at >= 0, r.err());
        String[] options = r.err().substring(at + marker.length()).strip().split("\\s+");
        assertEquals(8, options.length, Arrays.toString(options));
        List<Object> args = new ArrayList<>(List.of("predict", "--train", train, "--test", test, "--target", "y"));
        args.addAll(List.of(options));
        Run fixed = run(args.toArray());
        assertEquals(0, fixed.exitCode(), fixed.err());
        double[][] refit = parseCsv(fixed.outLines(), "mean,variance,predictive_variance");
        for (int i = 0; i < got.length; i++) {
            for (int j = 0; j < 3; j++) {
                assertClose(got[i][j], refit[i][j], "row " + i + ", column " + j);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // acquire

    private static final double[][] ACQ_TRAIN_X = {{0.0, 0.0}, {1.0, 0.5}, {-0.5, 1.0}};
    private static final double[] ACQ_TRAIN_Y = {0.3, -0.2, 0.8};
    private static final double[][] ACQ_POOL = {
            {0.1, 0.1}, {2.0, 2.0}, {2.1, 1.9}, {-2.0, 0.5}, {0.5, -1.5}, {1.5, 0.0}, {-1.0, -1.0}, {3.0, -2.0}};

    private Path acquireTrain() throws IOException {
        return write("acq-train.csv", "x1,x2,y\n0,0,0.3\n1,0.5,-0.2\n-0.5,1,0.8\n");
    }

    private Path acquirePool() throws IOException {
        return write("acq-pool.csv", csv("x1,x2", ACQ_POOL));
    }

    private static Object[] fixedRaw() {
        return new Object[]{"--raw", "--kernel", "matern52", "--lengthscale", "0.9,1.4", "--outputscale", 1.0,
                "--noise", 0.05, "--mean", 0.0};
    }

    private static HandGp acquireGp() {
        return new HandGp("matern52", ACQ_TRAIN_X, ACQ_TRAIN_Y, new double[]{0.9, 1.4}, 1.0, 0.05, 0.0);
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] poolRows(Run r) {
        List<String> lines = r.outLines();
        assertEquals("pool_row", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("jmi="), r.out());
        return lines.subList(1, lines.size() - 1).stream().mapToInt(Integer::parseInt).toArray();
    }

    private static double printedJmi(Run r) {
        List<String> lines = r.outLines();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("jmi="), r.out());
        return Double.parseDouble(last.substring("jmi=".length()));
    }

    @Test
    void batchBaldEqualsBruteForceGreedyAndPrintsTheBatchJmi() throws IOException {
        int b = 4;
        Run r = run(concat(new Object[]{"acquire", "--train", acquireTrain(), "--pool", acquirePool(), "--target",
                "y", "--strategy", "batchbald", "--batch-size", b}, fixedRaw()));
        assertEquals(0, r.exitCode(), r.err());
        HandGp gp = acquireGp();
        // Brute-force greedy: at each step, recompute the JMI of S ∪ {c} for every candidate c.
        List<Integer> chosen = new ArrayList<>();
        for (int step = 0; step < b; step++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < ACQ_POOL.length; c++) {
                if (chosen.contains(c)) {
                    continue;
                }
                List<Integer> candidate = new ArrayList<>(chosen);
                candidate.add(c);
                double v = gp.jmi(ACQ_POOL, candidate);
                if (v > bestValue) {
                    second = bestValue;
                    bestValue = v;
                    best = c;
                } else if (v > second) {
                    second = v;
                }
            }
            assertTrue(bestValue - second > 1e-6, "the test problem has no near-ties at step " + step);
            chosen.add(best);
        }
        assertArrayEquals(chosen.stream().mapToInt(Integer::intValue).toArray(), poolRows(r));
        assertClose(gp.jmi(ACQ_POOL, chosen), printedJmi(r), "printed jmi");
        // Points 1 and 2 are near-duplicates far from the data: greedy JMI takes at most one of them.
        assertFalse(chosen.contains(1) && chosen.contains(2), chosen.toString());
    }

    @Test
    void baldTakesTheLargestPosteriorVariancesAndCountsDataRowsOnly() throws IOException {
        // A blank line in the pool file is not a data row: indices count data rows only.
        String poolCsv = csv("x2,x1,y", Arrays.stream(ACQ_POOL).map(p -> new double[]{p[1], p[0], 0})
                .toArray(double[][]::new));
        String[] lines = poolCsv.split("\n", -1);
        String withBlank = lines[0] + "\n" + lines[1] + "\n\n" + String.join("\n",
                Arrays.copyOfRange(lines, 2, lines.length));
        Path pool = write("acq-pool-blank.csv", withBlank);
        int b = 3;
        Run r = run(concat(new Object[]{"acquire", "--train", acquireTrain(), "--pool", pool, "--target", "y",
                "--strategy", "bald", "--batch-size", b}, fixedRaw()));
        assertEquals(0, r.exitCode(), r.err());
        HandGp gp = acquireGp();
        Integer[] order = new Integer[ACQ_POOL.length];
        double[] variance = new double[ACQ_POOL.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            variance[i] = gp.posteriorCovariance(ACQ_POOL[i], ACQ_POOL[i]);
        }
        Arrays.sort(order, (p, q) -> Double.compare(variance[q], variance[p]));
        int[] expected = {order[0], order[1], order[2]};
        assertArrayEquals(expected, poolRows(r));
        assertClose(gp.jmi(ACQ_POOL, List.of(order[0], order[1], order[2])), printedJmi(r), "printed jmi");
    }

    @Test
    void randomIsReproducibleForASeedAndDistinct() throws IOException {
        StringBuilder pool = new StringBuilder("x1,x2\n");
        for (int i = 0; i < 30; i++) {
            pool.append(i * 0.1).append(',').append(-i * 0.05).append('\n');
        }
        Path poolFile = write("big-pool.csv", pool.toString());
        Object[] base = concat(new Object[]{"acquire", "--train", acquireTrain(), "--pool", poolFile, "--target",
                "y", "--strategy", "random", "--batch-size", 6}, fixedRaw());
        Run first = run(concat(base, "--seed", 17));
        Run second = run(concat(base, "--seed", 17));
        Run other = run(concat(base, "--seed", 18));
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(first.out(), second.out(), "same seed, same batch");
        int[] rows = poolRows(first);
        assertEquals(6, rows.length);
        Set<Integer> distinct = new HashSet<>();
        for (int row : rows) {
            assertTrue(row >= 0 && row < 30, "row " + row);
            distinct.add(row);
        }
        assertEquals(6, distinct.size(), "distinct rows: " + Arrays.toString(rows));
        assertNotEquals(first.out(), other.out(), "another seed draws another batch");

        Object[] sb = base.clone();
        sb[Arrays.asList(sb).indexOf("random")] = "stochastic-bald";
        Run s1 = run(concat(sb, "--seed", 5, "--variant", "power", "--coldness", 2));
        Run s2 = run(concat(sb, "--seed", 5, "--variant", "POWER", "--coldness", 2));
        assertEquals(0, s1.exitCode(), s1.err());
        assertEquals(s1.out(), s2.out());
        assertEquals(6, new HashSet<>(Arrays.stream(poolRows(s1)).boxed().toList()).size());
    }

    @Test
    void acquireOutWritesOnlyTheCsvAndPrintsJmiAlone() throws IOException {
        Path outFile = dir.resolve("batch.csv");
        Run r = run(concat(new Object[]{"acquire", "--train", acquireTrain(), "--pool", acquirePool(), "--target",
                "y", "--strategy", "batchbald", "--batch-size", 2, "--out", outFile}, fixedRaw()));
        assertEquals(0, r.exitCode(), r.err());
        List<String> file = Files.readAllLines(outFile);
        assertEquals("pool_row", file.get(0));
        assertEquals(3, file.size());
        assertEquals(1, r.outLines().size(), r.out());
        List<Integer> batch = List.of(Integer.parseInt(file.get(1)), Integer.parseInt(file.get(2)));
        assertClose(acquireGp().jmi(ACQ_POOL, batch), printedJmi(r), "jmi");
    }

    // ---------------------------------------------------------------------------------------------------------
    // errors

    private static void assertError(Run r, int code, String... fragments) {
        assertEquals(code, r.exitCode(), "exit code; stderr: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in stderr: " + r.err());
        }
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
        assertFalse(r.out().contains("pool_row") || r.out().contains("mean,"), "no partial output: " + r.out());
    }

    private Run acquire(Path train, Path pool, Object... more) {
        return run(concat(new Object[]{"acquire", "--train", train, "--pool", pool, "--target", "y",
                "--strategy", "batchbald", "--batch-size", 2}, concat(fixedRaw(), more)));
    }

    @Test
    void dataErrorsNameFileLineAndColumn() throws IOException {
        Path train = acquireTrain();
        Path pool = acquirePool();
        Path missing = dir.resolve("nope.csv");
        assertError(acquire(missing, pool), 1, "--train", "nope.csv", "does not exist");
        assertError(acquire(train, missing), 1, "--pool", "nope.csv", "does not exist");
        assertError(run("predict", "--train", train, "--test", missing, "--target", "y"), 1, "--test",
                "does not exist");
        assertError(acquire(write("no-target.csv", "x1,x2,z\n0,0,1\n"), pool), 1, "no-target.csv", "line 1",
                "'y'", "missing target column", "[x1, x2, z]");
        assertError(acquire(write("text.csv", "x1,x2,y\n0,0,1\n1,abc,2\n"), pool), 1, "text.csv", "line 3",
                "'x2'", "non-numeric", "abc");
        assertError(acquire(write("empty-cell.csv", "x1,x2,y\n0,0,\n"), pool), 1, "empty-cell.csv", "line 2",
                "'y'", "empty cell");
        assertError(acquire(train, write("nan-pool.csv", "x1,x2\n1,2\n\nNaN,3\n")), 1, "nan-pool.csv", "line 4",
                "'x1'", "NaN or infinite");
        assertError(run("predict", "--train", train, "--test", write("inf-test.csv", "x2,x1\n1,-inf\n"), "--target",
                "y"), 1, "inf-test.csv", "line 2", "'x1'", "NaN or infinite");
        assertError(acquire(train, write("header-only.csv", "x1,x2\n")), 1, "header-only.csv", "no data rows");
        assertError(acquire(write("header-only-train.csv", "x1,x2,y\n"), pool), 1, "header-only-train.csv",
                "no data rows");
        assertError(acquire(train, write("other-cols.csv", "x1,x3,y\n1,2,3\n")), 1, "other-cols.csv", "line 1",
                "exactly the features [x1, x2]", "missing: [x2]", "not expected: [x3]");
        assertError(run("predict", "--train", train, "--test", write("extra-col.csv", "x1,x2,id\n1,2,3\n"),
                "--target", "y", "--epochs", 1), 1, "extra-col.csv", "not expected: [id]");
        assertError(run(concat(new Object[]{"acquire", "--train", train, "--pool", pool, "--target", "y",
                "--strategy", "random", "--batch-size", 9}, fixedRaw())), 1, "--batch-size 9", "acq-pool.csv",
                "8 data rows");
        assertError(acquire(train, pool, "--out", dir.resolve("no-such-dir").resolve("b.csv")), 1,
                "no-such-dir", "does not exist");
        // A failed run leaves an existing --out file as it was.
        Path previous = write("previous-batch.csv", "pool_row\n4\n");
        assertError(acquire(train, write("bad-pool.csv", "x1,x2\n1,oops\n"), "--out", previous), 1,
                "bad-pool.csv", "line 2", "'x2'", "non-numeric");
        assertEquals("pool_row\n4\n", Files.readString(previous));
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        Path train = acquireTrain();
        Path pool = acquirePool();
        Object[] head = {"acquire", "--train", train, "--pool", pool, "--target", "y"};
        assertError(run(concat(head, "--strategy", "batchbald", "--batch-size", 0)), 2, "--batch-size",
                "at least 1", "got 0");
        assertError(run(concat(head, "--strategy", "batchbald", "--batch-size", -3)), 2, "at least 1");
        assertError(run(concat(head, "--strategy", "greedy", "--batch-size", 2)), 2, "unknown strategy 'greedy'",
                "random, bald, stochastic-bald, batchbald");
        assertError(run(concat(head, "--strategy", "bald", "--batch-size", 2, "--kernel", "matern72")), 2,
                "unknown kernel 'matern72'", "matern12, matern32, matern52, rbf");
        assertError(run(concat(head, "--strategy", "bald", "--batch-size", 2, "--noise", 0.1, "--mean", 0)), 2,
                "got --noise, --mean", "missing --lengthscale, --outputscale");
        assertError(run(concat(head, "--strategy", "bald", "--batch-size", 2, "--epochs", 5,
                "--lengthscale", 1, "--outputscale", 1, "--noise", 0.1, "--mean", 0)), 2, "--epochs");
        assertError(run(concat(head, "--strategy", "bald", "--batch-size", 2,
                "--lengthscale", "1,2,3", "--outputscale", 1, "--noise", 0.1, "--mean", 0)), 2,
                "one per feature column [x1, x2]", "got 3");
        assertError(run(concat(head, "--strategy", "bald", "--batch-size", 2,
                "--lengthscale", 1, "--outputscale", 1, "--noise", 0, "--mean", 0)), 2, "--noise",
                "positive");
        assertError(run(concat(head, "--strategy", "bald", "--batch-size", 2, "--epochs", -1)), 2, "--epochs",
                ">= 0");
        assertError(run(concat(head, "--strategy", "bald", "--batch-size", 2, "--coldness", 2)), 2,
                "--coldness", "stochastic-bald only");
        assertError(run(concat(head, "--batch-size", 2)), 2, "--strategy");
        assertError(run("predict", "--train", train, "--target", "y"), 2, "--test");
    }
}
