package org.batchgfn.cli;

import org.batchgfn.datasets.RegressionDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code acquire --strategy maxdist|kmeanspp|lcmd|bait|bait-f} on a real CSV (the shipped {@code macrodata} set,
 * five features, written out by {@code datasets --write}) with fixed raw hyperparameters: every batch is checked
 * against the rule of baselines.md computed here from the Matérn-5/2 formula and a plain Gauss-Jordan solve.
 */
class AcquireKernelStrategiesTest {

    private static final double[] LS = {2500, 1800, 600, 300, 2000};
    private static final double S = 4.0;
    private static final double NOISE = 0.2;
    private static final int B = 5;

    @TempDir
    Path dir;

    private double[][] trainX;
    private double[][] poolX;
    private Path trainFile;
    private Path poolFile;

    private static BenchCli.Result run(Object... args) {
        return BenchCli.run(Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
    }

    /** Train: every 10th quarter (21 rows); pool: the other quarters of the first 100 (90 rows). */
    private void writeFiles() throws IOException {
        Path all = dir.resolve("macrodata.csv");
        BenchCli.Result w = run("datasets", "--write", "macrodata", "--out", all);
        assertEquals(0, w.exitCode(), w.err());
        List<String> lines = Files.readAllLines(all, StandardCharsets.UTF_8);
        StringBuilder train = new StringBuilder(lines.get(0)).append('\n');
        StringBuilder pool = new StringBuilder(lines.get(0)).append('\n');
        List<double[]> tx = new ArrayList<>();
        List<double[]> px = new ArrayList<>();
        for (int i = 0; i < lines.size() - 1; i++) {
            String line = lines.get(i + 1);
            double[] x = Arrays.stream(line.split(",")).limit(5).mapToDouble(Double::parseDouble).toArray();
            if (i % 10 == 0) {
                train.append(line).append('\n');
                tx.add(x);
            } else if (i < 100) {
                pool.append(line).append('\n');
                px.add(x);
            }
        }
        trainX = tx.toArray(double[][]::new);
        poolX = px.toArray(double[][]::new);
        trainFile = dir.resolve("train.csv");
        poolFile = dir.resolve("pool.csv");
        Files.writeString(trainFile, train, StandardCharsets.UTF_8);
        Files.writeString(poolFile, pool, StandardCharsets.UTF_8);
    }

    private int[] acquire(String strategy, long seed) {
        BenchCli.Result r = run("acquire", "--train", trainFile, "--pool", poolFile, "--target", "unemp",
                "--strategy", strategy,
                "--batch-size", B, "--seed", seed, "--raw", "--kernel", "matern52", "--lengthscale",
                "2500,1800,600,300,2000", "--outputscale", S, "--noise", NOISE, "--mean", 6.0);
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = List.of(r.out().replace("\r\n", "\n").split("\n"));
        assertEquals("pool_row", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("jmi="), r.out());
        int[] rows = lines.subList(1, lines.size() - 1).stream().mapToInt(Integer::parseInt).toArray();
        double jmi = Double.parseDouble(lines.get(lines.size() - 1).substring(4));
        assertEquals(jmi(rows), jmi, 1e-8 * Math.max(1, jmi), strategy + " jmi");
        return rows;
    }

    private static double matern52(double[] a, double[] b) {
        double r2 = 0;
        for (int k = 0; k < a.length; k++) {
            double d = (a[k] - b[k]) / LS[k];
            r2 += d * d;
        }
        double r = Math.sqrt(5 * r2);
        return S * (1 + r + r * r / 3) * Math.exp(-r);
    }

    /** The prior kernel over training ∪ pool (training first). */
    private double[][] prior() {
        double[][] all = new double[trainX.length + poolX.length][];
        System.arraycopy(trainX, 0, all, 0, trainX.length);
        System.arraycopy(poolX, 0, all, trainX.length, poolX.length);
        double[][] k = new double[all.length][all.length];
        for (int i = 0; i < all.length; i++) {
            for (int j = 0; j < all.length; j++) {
                k[i][j] = matern52(all[i], all[j]);
            }
        }
        return k;
    }

    /** C − C(:, A)(C(A, A) + σ²I)⁻¹C(A, :), dense. */
    private static double[][] conditioned(double[][] c, int[] a) {
        int n = c.length;
        double[][] kaa = new double[a.length][a.length];
        double[][] kan = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            for (int s = 0; s < a.length; s++) {
                kaa[r][s] = c[a[r]][a[s]] + (r == s ? NOISE : 0);
            }
            kan[r] = c[a[r]].clone();
        }
        double[][] x = a.length == 0 ? new double[0][n] : gaussJordan(kaa, kan);
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = c[i][j];
                for (int r = 0; r < a.length; r++) {
                    v -= c[i][a[r]] * x[r][j];
                }
                out[i][j] = v;
            }
        }
        return out;
    }

    /** A⁻¹ B column by column, with the Gaussian elimination of {@link PredictAcquireCommandsTest}. */
    private static double[][] gaussJordan(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] x = new double[n][m];
        double[] col = new double[n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                col[i] = b[i][j];
            }
            double[] xj = PredictAcquireCommandsTest.solve(a, col);
            for (int i = 0; i < n; i++) {
                x[i][j] = xj[i];
            }
        }
        return x;
    }

    private int[] trainIndices() {
        return java.util.stream.IntStream.range(0, trainX.length).toArray();
    }

    private double[][] posterior() {
        return conditioned(prior(), trainIndices());
    }

    /** ½ log det(I + Σ_B / σ²) by Gaussian elimination. */
    private double jmi(int[] batch) {
        double[][] post = posterior();
        int m = trainX.length;
        int b = batch.length;
        double[][] a = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                a[i][j] = post[m + batch[i]][m + batch[j]] / NOISE + (i == j ? 1 : 0);
            }
        }
        double logDet = 0;
        for (int col = 0; col < b; col++) {
            for (int r = col + 1; r < b; r++) {
                double f = a[r][col] / a[col][col];
                for (int k = col; k < b; k++) {
                    a[r][k] -= f * a[col][k];
                }
            }
            logDet += Math.log(a[col][col]);
        }
        return 0.5 * logDet;
    }

    /** m_x: squared prior distance of each pool point to the nearest training point or picked point. */
    private double[] distancesToCentres(double[][] k, List<Integer> picked) {
        int m = trainX.length;
        double[] out = new double[poolX.length];
        for (int p = 0; p < poolX.length; p++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < m; c++) {
                best = Math.min(best, Math.max(0, k[m + p][m + p] + k[c][c] - 2 * k[m + p][c]));
            }
            for (int q : picked) {
                double dq = k[m + p][m + p] + k[m + q][m + q] - 2 * k[m + p][m + q];
                best = Math.min(best, q == p ? 0 : Math.max(0, dq));
            }
            out[p] = best;
        }
        return out;
    }

    @Test
    void everyNewStrategyGivesTheBatchItsRuleDefines() throws IOException {
        writeFiles();
        double[][] k = prior();
        int m = trainX.length;

        // MaxDist: greedy k-centre with the training points as first centres.
        List<Integer> maxdist = new ArrayList<>();
        while (maxdist.size() < B) {
            double[] d = distancesToCentres(k, maxdist);
            int best = 0;
            for (int p = 1; p < d.length; p++) {
                if (d[p] > d[best]) {
                    best = p;
                }
            }
            maxdist.add(best);
        }
        assertArrayEquals(toArray(maxdist), acquire("maxdist", 0));

        // LCMD: clusters by nearest centre (ties keep the earlier centre), heaviest cluster, largest distance.
        List<Integer> lcmd = new ArrayList<>();
        while (lcmd.size() < B) {
            double[] d = distancesToCentres(k, lcmd);
            int[] centre = new int[poolX.length];
            for (int p = 0; p < poolX.length; p++) {
                double best = Double.POSITIVE_INFINITY;
                List<Integer> centres = new ArrayList<>();
                for (int c = 0; c < m; c++) {
                    centres.add(c);
                }
                for (int q : lcmd) {
                    centres.add(m + q);
                }
                for (int c : centres) {
                    double dc = c == m + p ? 0 : Math.max(0, k[m + p][m + p] + k[c][c] - 2 * k[m + p][c]);
                    if (dc < best) {
                        best = dc;
                        centre[p] = c;
                    }
                }
            }
            double[] w = new double[m + poolX.length];
            for (int p = 0; p < poolX.length; p++) {
                w[centre[p]] += d[p];
            }
            double top = Arrays.stream(w).max().orElseThrow();
            int pick = -1;
            for (int p = 0; p < poolX.length; p++) {
                if (w[centre[p]] == top && !lcmd.contains(p) && (pick < 0 || d[p] > d[pick])) {
                    pick = p;
                }
            }
            lcmd.add(pick);
        }
        assertArrayEquals(toArray(lcmd), acquire("lcmd", 0));

        // KMeans++: D² sampling with the command's seeded random source.
        long seed = 123;
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> km = new ArrayList<>();
        while (km.size() < B) {
            double[] d = distancesToCentres(k, km);
            double total = Arrays.stream(d).sum();
            double u = rng.nextDouble() * total;
            double acc = 0;
            int pick = -1;
            for (int p = 0; p < d.length && pick < 0; p++) {
                acc += d[p];
                if (d[p] > 0 && u < acc) {
                    pick = p;
                }
            }
            km.add(pick);
        }
        assertArrayEquals(toArray(km), acquire("kmeanspp", seed));

        // BAIT: total posterior variance over pool ∪ training, greedy forward (and backward for bait).
        double[][] post = posterior();
        List<Integer> forward = baitForward(post, 2 * B);
        assertArrayEquals(toArray(forward.subList(0, B)), acquire("bait-f", 0));
        List<Integer> fb = new ArrayList<>(forward);
        while (fb.size() > B) {
            int drop = -1;
            double dropV = Double.POSITIVE_INFINITY;
            for (int j : fb) {
                List<Integer> rest = new ArrayList<>(fb);
                rest.remove(Integer.valueOf(j));
                double v = totalVariance(post, rest);
                if (v < dropV) {
                    dropV = v;
                    drop = j;
                }
            }
            fb.remove(Integer.valueOf(drop));
        }
        assertArrayEquals(toArray(fb), acquire("bait", 0));
    }

    private List<Integer> baitForward(double[][] post, int steps) {
        List<Integer> s = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int best = -1;
            double bestV = Double.POSITIVE_INFINITY;
            for (int j = 0; j < poolX.length; j++) {
                if (!s.contains(j)) {
                    s.add(j);
                    double v = totalVariance(post, s);
                    s.remove(s.size() - 1);
                    if (v < bestV) {
                        bestV = v;
                        best = j;
                    }
                }
            }
            s.add(best);
        }
        return s;
    }

    private double totalVariance(double[][] post, List<Integer> poolPoints) {
        int m = trainX.length;
        double[][] c = conditioned(post, poolPoints.stream().mapToInt(p -> m + p).toArray());
        double t = 0;
        for (int i = 0; i < c.length; i++) {
            t += c[i][i];
        }
        return t;
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
