package org.batchgfn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code acquire --strategy batchgfn} with {@code --state} and {@code --policy-out}, and {@code sample}: a two-round
 * campaign through the command line, the exported policy reproducing the batch, and every error case of the state
 * file and the policy file (message, exit code, and the state file left byte for byte as it was).
 */
class BatchGfnCommandsTest {

    @TempDir
    Path dir;

    private static Run run(Object... args) {
        return Run.run(args);
    }

    private static double truth(double a, double b) {
        return Math.sin(3 * a) + 0.5 * b * b;
    }

    /** Random points in [-1, 1]², with their labels if {@code labelled}. */
    private static List<double[]> points(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new double[]{2 * rng.nextDouble() - 1, 2 * rng.nextDouble() - 1});
        }
        return out;
    }

    private Path csv(String name, String header, List<double[]> rows, boolean labelled) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (double[] r : rows) {
            sb.append(r[0]).append(',').append(r[1]);
            if (labelled) {
                sb.append(',').append(truth(r[0], r[1]));
            }
            sb.append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    /** Small and fast: fixed GP, a narrow network, few steps. */
    private static final Object[] SMALL = {"--lengthscale", "0.5", "--outputscale", "1", "--noise", "0.01",
        "--mean", "0", "--steps", "40", "--hidden-width", "8", "--samples", "5", "--temperature", "0.1"};

    private static final Object[] CAMPAIGN = {"--carried-steps", "20", "--lookaheads", "2", "--lookahead-steps", "5"};

    /**
     * Concatenates the parts; an option given again in a later part replaces the earlier value (picocli takes each
     * option once).
     */
    private static Object[] args(Object[]... parts) {
        List<Object> out = new ArrayList<>();
        for (Object[] part : parts) {
            for (int i = 0; i < part.length; i++) {
                String a = String.valueOf(part[i]);
                int at = out.indexOf(a);
                if (a.startsWith("--") && at >= 0 && i + 1 < part.length) {
                    out.set(at + 1, part[++i]);
                } else {
                    out.add(part[i]);
                }
            }
        }
        return out.toArray();
    }

    private static long samplingSeed(String err) {
        Matcher m = Pattern.compile("sampling seed (-?\\d+)").matcher(err);
        assertTrue(m.find(), err);
        return Long.parseLong(m.group(1));
    }

    private static double jmi(Run r) {
        List<String> lines = r.outLines();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("jmi="), last);
        return Double.parseDouble(last.substring(4));
    }

    private static Set<String> keys(List<double[]> rows) {
        Set<String> s = new HashSet<>();
        rows.forEach(r -> s.add(r[0] + "," + r[1]));
        return s;
    }

    @Test
    void aTwoRoundCampaignCarriesThePolicyAndTheExportedPolicyReproducesTheBatch() throws IOException {
        List<double[]> labelled = points(8, 1);
        List<double[]> pool = points(30, 2);
        Path train = csv("train.csv", "a,b,y", labelled, true);
        Path poolFile = csv("pool.csv", "a,b", pool, false);
        Path state = dir.resolve("campaign.bgfn");
        Path onnx = dir.resolve("round1.onnx");

        Run r1 = run(args(new Object[]{"acquire", "--train", train, "--pool", poolFile, "--target", "y",
            "--strategy", "batchgfn", "--batch-size", 3, "--state", state, "--policy-out", onnx}, SMALL, CAMPAIGN));
        assertEquals(0, r1.exitCode(), r1.err());
        int[] batch1 = r1.rows();
        assertEquals(3, Arrays.stream(batch1).distinct().count());
        assertTrue(r1.err().contains("starting a new campaign"), r1.err());
        assertTrue(r1.err().contains("trained the policy 40 steps from fresh weights"), r1.err());
        assertTrue(r1.err().contains("then 10 lookahead steps"), r1.err());
        assertTrue(Files.exists(onnx));
        CampaignState s1 = CampaignState.read(state);
        assertEquals(1, s1.round());
        assertEquals(List.of("a", "b"), s1.featureColumns());
        assertTrue(s1.policy().conditioned(), "lookahead is the default carry-over with --state");

        // The exported policy, sampled through onnx-models with the printed seed, gives the same batch.
        Run sampled = run("sample", "--policy", onnx, "--pool", poolFile, "--train", train, "--target", "y",
                "--batch-size", 3, "--samples", 5, "--seed", samplingSeed(r1.err()), "--lengthscale", "0.5",
                "--outputscale", "1", "--noise", "0.01", "--mean", "0");
        assertEquals(0, sampled.exitCode(), sampled.err());
        assertArrayEquals(batch1, sampled.rows());
        assertEquals(jmi(r1), jmi(sampled), 0.0);

        // The chosen rows are labelled and move to the training file.
        List<double[]> labelled2 = new ArrayList<>(labelled);
        List<double[]> pool2 = new ArrayList<>();
        Set<Integer> chosen = new HashSet<>();
        Arrays.stream(batch1).forEach(chosen::add);
        for (int i = 0; i < pool.size(); i++) {
            (chosen.contains(i) ? labelled2 : pool2).add(pool.get(i));
        }
        Path train2 = csv("train2.csv", "a,b,y", labelled2, true);
        Path pool2File = csv("pool2.csv", "a,b", pool2, false);
        byte[] stateAfter1 = Files.readAllBytes(state);
        Run r2 = run(args(new Object[]{"acquire", "--train", train2, "--pool", pool2File, "--target", "y",
            "--strategy", "batchgfn", "--batch-size", 3, "--state", state, "--seed", 1}, SMALL, CAMPAIGN));
        assertEquals(0, r2.exitCode(), r2.err());
        assertTrue(r2.err().contains("continuing the campaign after round 1"), r2.err());
        assertTrue(r2.err().contains("trained the policy 20 steps from the carried policy"), r2.err());
        int[] batch2 = r2.rows();
        assertEquals(3, Arrays.stream(batch2).distinct().count());
        Set<String> trainKeys = keys(labelled2);
        for (int row : batch2) {
            assertFalse(trainKeys.contains(pool2.get(row)[0] + "," + pool2.get(row)[1]), "a labelled row");
        }
        CampaignState s2 = CampaignState.read(state);
        assertEquals(2, s2.round());
        assertEquals(11, s2.history().get(1).trainRows());
        assertTrue(s2.history().get(1).fromCarried());
        assertFalse(Arrays.equals(stateAfter1, Files.readAllBytes(state)));
        assertNoTempFiles();
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    private Path round1(Path state) throws IOException {
        Path train = csv("train.csv", "a,b,y", points(8, 1), true);
        Path pool = csv("pool.csv", "a,b", points(30, 2), false);
        Run r = run(args(new Object[]{"acquire", "--train", train, "--pool", pool, "--target", "y", "--strategy",
            "batchgfn", "--batch-size", 3, "--state", state}, SMALL, CAMPAIGN));
        assertEquals(0, r.exitCode(), r.err());
        return train;
    }

    /** Runs an acquire that must fail, and checks message, exit code and that the state file is untouched. */
    private void assertFailsLeavingState(Path state, int code, String fragment, Object... acquireArgs)
            throws IOException {
        byte[] before = Files.readAllBytes(state);
        Run r = run(acquireArgs);
        assertEquals(code, r.exitCode(), r.err());
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in: " + r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.contains("error")).count(), r.err());
        assertArrayEquals(before, Files.readAllBytes(state), "the state file was touched");
        assertNoTempFiles();
    }

    private Object[] round2Args(Path train, Path pool, Path state, Object... extra) {
        return args(new Object[]{"acquire", "--train", train, "--pool", pool, "--target", "y", "--strategy",
            "batchgfn", "--batch-size", 3, "--state", state}, SMALL, CAMPAIGN, extra);
    }

    @Test
    void corruptTruncatedForeignAndFutureStateFilesAreRefusedAndLeftAlone() throws IOException {
        Path state = dir.resolve("s.bgfn");
        Path train = round1(state);
        Path pool = csv("pool.csv", "a,b", points(30, 3), false);
        byte[] good = Files.readAllBytes(state);

        byte[] flipped = good.clone();
        flipped[good.length - 40] ^= 0x10;   // a parameter value
        Files.write(state, flipped);
        assertFailsLeavingState(state, 1, "is invalid: corrupt: checksum mismatch", round2Args(train, pool, state));

        Files.write(state, Arrays.copyOf(good, good.length - 100));
        assertFailsLeavingState(state, 1, "is invalid: truncated", round2Args(train, pool, state));

        Files.write(state, Arrays.copyOf(good, 30));
        assertFailsLeavingState(state, 1, "truncated", round2Args(train, pool, state));

        Files.writeString(state, "pool_row\n1\n2\n");
        assertFailsLeavingState(state, 1, "is not a batchgfn campaign state file", round2Args(train, pool, state));

        byte[] future = good.clone();
        future[8] = 2;
        Files.write(state, future);
        assertFailsLeavingState(state, 1, "has format version 2; this batchgfn reads version 1",
                round2Args(train, pool, state));
    }

    @Test
    void aStateOfOtherColumnsOrOtherSettingsIsRefusedAndLeftAlone() throws IOException {
        Path state = dir.resolve("s.bgfn");
        round1(state);
        Path otherTrain = csv("other.csv", "a,c,y", points(8, 1), true);
        Path otherPool = csv("otherpool.csv", "a,c", points(30, 2), false);
        assertFailsLeavingState(state, 1, "was trained on feature columns [a, b] but --train has [a, c]",
                round2Args(otherTrain, otherPool, state));

        Path train = csv("train.csv", "a,b,y", points(9, 1), true);
        Path pool = csv("pool.csv", "a,b", points(30, 4), false);
        assertFailsLeavingState(state, 1, "hiddenWidth 8 in the file, 16 now",
                round2Args(train, pool, state, "--hidden-width", 16));
        assertFailsLeavingState(state, 1, "temperature 0.1 in the file, 0.5 now",
                round2Args(train, pool, state, "--temperature", 0.5));
        assertFailsLeavingState(state, 1, "carryOver LOOKAHEAD in the file, CONTINUE now",
                round2Args(train, pool, state, "--carry-over", "continue"));
        assertFailsLeavingState(state, 1, "was trained for target column 'y' but --target is 'z'",
                args(round2Args(csv("z.csv", "a,b,z", points(8, 1), true), pool, state), new Object[]{"--target",
                    "z"}));
        // Budgets may change from round to round.
        Run more = run(round2Args(train, pool, state, "--carried-steps", 7, "--samples", 2));
        assertEquals(0, more.exitCode(), more.err());
        assertTrue(more.err().contains("trained the policy 7 steps from the carried policy"), more.err());
    }

    @Test
    void samplingErrorsNameTheProblem() throws IOException {
        Path train = csv("train.csv", "a,b,y", points(8, 1), true);
        Path pool = csv("pool.csv", "a,b", points(30, 2), false);
        Path onnx = dir.resolve("p.onnx");
        Run r = run(args(new Object[]{"acquire", "--train", train, "--pool", pool, "--target", "y", "--strategy",
            "batchgfn", "--batch-size", 3, "--policy-out", onnx}, SMALL));
        assertEquals(0, r.exitCode(), r.err());

        // An unconditioned policy samples without the training file; one sample needs no GP.
        Run one = run("sample", "--policy", onnx, "--pool", pool, "--batch-size", 3, "--seed", 5);
        assertEquals(0, one.exitCode(), one.err());
        assertEquals(3, Arrays.stream(one.rows()).distinct().count());
        assertTrue(one.outLines().get(4).startsWith("log_probability="), one.out());

        Path wide = dir.resolve("wide.csv");
        Files.writeString(wide, "a,b,c\n0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n0.2,0.1,0.0\n");
        Run w = run("sample", "--policy", onnx, "--pool", wide, "--batch-size", 2);
        assertEquals(1, w.exitCode(), w.err());
        assertTrue(w.err().contains("takes 2 features but --pool " + wide + " has 3 feature columns [a, b, c]"),
                w.err());

        Run k = run("sample", "--policy", onnx, "--pool", pool, "--batch-size", 3, "--samples", 4);
        assertEquals(2, k.exitCode(), k.err());
        assertTrue(k.err().contains("needs the GP: give --train FILE --target COL"), k.err());

        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "not a model");
        Run j = run("sample", "--policy", junk, "--pool", pool, "--batch-size", 3);
        assertEquals(1, j.exitCode(), j.err());
        assertTrue(j.err().contains("--policy file " + junk + " is not a BatchGFN policy"), j.err());

        Run big = run("sample", "--policy", onnx, "--pool", pool, "--batch-size", 31);
        assertEquals(1, big.exitCode(), big.err());
        assertTrue(big.err().contains("--batch-size 31 is larger than the pool"), big.err());
    }

    @Test
    void gflowNetOptionsNeedTheirStrategyAndStateOptionsNeedState() throws IOException {
        Path train = csv("train.csv", "a,b,y", points(8, 1), true);
        Path pool = csv("pool.csv", "a,b", points(30, 2), false);
        Run r = run("acquire", "--train", train, "--pool", pool, "--target", "y", "--strategy", "batchbald",
                "--batch-size", 3, "--state", dir.resolve("s.bgfn"));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--state apply to --strategy batchgfn only"), r.err());
        Run c = run("acquire", "--train", train, "--pool", pool, "--target", "y", "--strategy", "batchgfn",
                "--batch-size", 3, "--carry-over", "continue");
        assertEquals(2, c.exitCode());
        assertTrue(c.err().contains("--carry-over applies to a campaign carried between invocations: give --state"),
                c.err());
        Run d = run("acquire", "--train", train, "--pool", pool, "--target", "y", "--strategy", "batchgfn",
                "--batch-size", 3, "--policy-out", dir.resolve("missing/p.onnx"));
        assertEquals(1, d.exitCode());
        assertTrue(d.err().contains("cannot write --policy-out file"), d.err());
        assertFalse(Files.exists(dir.resolve("s.bgfn")));
    }

    @Test
    void anInterruptedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("state.bgfn");
        Files.writeString(file, "round 1");
        try {
            AtomicFile.write(file, "--state", out -> {
                out.write("round 2, half wr".getBytes(StandardCharsets.UTF_8));
                throw new IOException("killed");
            });
        } catch (java.io.UncheckedIOException e) {
            assertTrue(e.getMessage().contains("cannot write --state file"), e.getMessage());
        }
        assertEquals("round 1", Files.readString(file));
        assertNoTempFiles();
    }

    @Test
    void theProgressLineShowsStepsAndEta() {
        StringWriter sw = new StringWriter();
        long[] now = {0};
        TrainingProgressLine line = new TrainingProgressLine(new PrintWriter(sw), "acquire", () -> now[0]);
        line.start("training", 100);
        now[0] = 2_000_000_000L;
        line.step(25);
        now[0] = 8_000_000_000L;
        line.step(100);
        line.finish();
        String s = sw.toString();
        assertTrue(s.contains("25/100 steps  2.0 s  ETA 6.0 s"), s);
        assertTrue(s.contains("[########################] 100/100 steps  8.0 s"), s);
        assertTrue(s.endsWith(String.format(Locale.ROOT, "%n")), s);
    }

    @Test
    void theCommandLineBindsSlf4j() throws Exception {
        // Without a binding SLF4J 1.7 prints "SLF4J: Failed to load class org.slf4j.impl.StaticLoggerBinder".
        Class.forName("org.slf4j.impl.StaticLoggerBinder");
    }
}
