package org.batchgfn.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.AcquisitionStrategy;
import org.batchgfn.acquisition.BaldAcquisition;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.acquisition.RandomAcquisition;
import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.gp.kernel.Matern52Kernel;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.onnx.SampledBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every distributed strategy against its single-machine counterpart on the same pool (ids = pool indices), for
 * several partitionings: the same ids in the same order and the same JMI. One local[2] session for the class.
 */
class SparkAcquisitionTest {

    private static final String POLICY = "/org/batchgfn/onnx/toy-policy.onnx";
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        File target = new File("target").getAbsoluteFile();
        spark = SparkSession.builder()
                .appName("spark-acquisition-test")
                .master("local[2]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.local.dir", new File(target, "spark-local").getPath())
                .config("spark.sql.warehouse.dir", new File(target, "spark-warehouse").getPath())
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** N points uniform on [−3, 3]^d, rows in id order. */
    private static double[][] uniformPool(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = 6 * rng.nextDouble() - 3;
            }
        }
        return x;
    }

    private static Dataset<Row> frame(double[][] pool) {
        int d = pool[0].length;
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.LongType, false));
        for (int j = 0; j < d; j++) {
            fields.add(DataTypes.createStructField("x" + j, DataTypes.DoubleType, true));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < pool.length; i++) {
            Object[] values = new Object[d + 1];
            values[0] = (long) i;
            for (int j = 0; j < d; j++) {
                values[j + 1] = pool[i][j];
            }
            rows.add(RowFactory.create(values));
        }
        return spark.createDataFrame(rows, DataTypes.createStructType(fields));
    }

    /** Several partitionings of one pool: one block, hash-spread blocks, and uneven blocks sorted by a feature. */
    private static List<Function<Dataset<Row>, Dataset<Row>>> partitionings() {
        return List.of(df -> df.coalesce(1), df -> df.repartition(5),
                df -> df.repartitionByRange(4, functions.col("x0")));
    }

    private static ExactGaussianProcessPosterior gp(double[][] trainX, double[] trainY, int d) {
        double[] lengthscales = new double[d];
        for (int j = 0; j < d; j++) {
            lengthscales[j] = 0.7 + 0.4 * j;
        }
        return ExactGaussianProcessPosterior.of(new Matern52Kernel(lengthscales, 1.5), 0.05, 0.1, trainX, trainY);
    }

    private static double[] targets(double[][] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.sin(x[i][0]) + (x[i].length > 1 ? Math.cos(x[i][1]) : 0);
        }
        return y;
    }

    private static long[] asLong(int[] ids) {
        long[] out = new long[ids.length];
        for (int k = 0; k < ids.length; k++) {
            out[k] = ids[k];
        }
        return out;
    }

    private static void assertSameBatch(AcquisitionProblem local, int[] expected, DistributedBatch actual,
                                        String what) {
        assertArrayEquals(asLong(expected), actual.ids(), what + ": ids in order");
        double jmi = local.reward().value(expected);
        assertEquals(jmi, actual.jmi(), 1e-9 * Math.abs(jmi), what + ": JMI");
        double sum = 0;
        for (double g : actual.gains()) {
            assertTrue(g > 0, what + ": a marginal gain of a point with posterior variance is positive");
            sum += g;
        }
        assertEquals(actual.jmi(), sum, 1e-12 * Math.abs(jmi), what + ": the gains sum to the JMI (chain rule)");
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(local.poolFeatures()[expected[k]], actual.features()[k], what + ": features");
        }
    }

    /**
     * On a 1-D pool (the shipped toy policy's input), for three partitionings: random, BALD, greedy BatchBALD and
     * BatchGFN sampling (best of K by JMI, and a single sample) give the single-machine batches.
     */
    @Test
    void everyStrategyReturnsTheSingleMachineBatchForEveryPartitioning() throws Exception {
        byte[] model;
        try (InputStream in = OnnxPolicy.class.getResourceAsStream(POLICY)) {
            model = in.readAllBytes();
        }
        int n = 2000;
        int b = 5;
        double[][] poolX = uniformPool(n, 1, 1);
        double[][] trainX = uniformPool(10, 1, 2);
        double[] trainY = targets(trainX);
        ExactGaussianProcessPosterior posterior = gp(trainX, trainY, 1);
        AcquisitionProblem local = AcquisitionProblem.of(poolX, trainX, trainY, posterior);
        DistributedProblem problem = new DistributedProblem(posterior, trainX, trainY);
        int[] greedy = new GreedyBatchBald().select(local, b, new SplittableRandom(0));
        int[] bald = new BaldAcquisition().select(local, b, new SplittableRandom(0));
        int[] random = new RandomAcquisition().select(local, b, new SplittableRandom(77));
        // the strategies disagree with each other, so agreement below is not an accident of the pool
        assertTrue(!java.util.Arrays.equals(greedy, bald));
        try (OnnxPolicy policy = OnnxPolicy.fromBytes(model, POLICY)) {
            SampledBatch best = policy.bestOf(poolX, b, 4, 11, local.reward()::value);
            SampledBatch single = policy.sample(poolX, b, 12);
            Dataset<Row> df = frame(poolX);
            for (Function<Dataset<Row>, Dataset<Row>> split : partitionings()) {
                try (SparkPool pool = SparkPool.of(split.apply(df), "id", "x0")) {
                    String what = pool.numPartitions() + " partitions";
                    assertEquals(n, pool.size());
                    assertSameBatch(local, greedy, new SparkGreedyBatchBald().select(pool, problem, b),
                            "greedy, " + what);
                    assertSameBatch(local, bald, new SparkBaldAcquisition().select(pool, problem, b), "BALD, " + what);
                    assertSameBatch(local, random, new SparkRandomAcquisition(77).select(pool, problem, b),
                            "random, " + what);
                    DistributedBatch got = new SparkBatchGfnSampling(model, POLICY, 4, 11).select(pool, problem, b);
                    assertSameBatch(local, best.indices(), got, "BatchGFN best of 4, " + what);
                    assertEquals(best.logProbability(), got.logProbability(),
                            1e-9 * Math.abs(best.logProbability()), "trajectory log-probability, " + what);
                    DistributedBatch one = new SparkBatchGfnSampling(model, POLICY, 1, 12).select(pool, problem, b);
                    assertArrayEquals(asLong(single.indices()), one.ids(), "BatchGFN one sample, " + what);
                    assertEquals(single.logProbability(), one.logProbability(),
                            1e-9 * Math.abs(single.logProbability()));
                }
            }
        }
    }

    /** Every point appears twice (ids i and i + n/2, equal features): ties everywhere, broken by the lower id. */
    @Test
    void tiesGoToTheLowerIdWhateverBlockHoldsIt() {
        int half = 300;
        double[][] once = uniformPool(half, 2, 3);
        double[][] poolX = new double[2 * half][];
        for (int i = 0; i < half; i++) {
            poolX[i] = once[i];
            poolX[i + half] = once[i].clone();
        }
        double[][] trainX = uniformPool(6, 2, 4);
        double[] trainY = targets(trainX);
        ExactGaussianProcessPosterior posterior = gp(trainX, trainY, 2);
        AcquisitionProblem local = AcquisitionProblem.of(poolX, trainX, trainY, posterior);
        DistributedProblem problem = new DistributedProblem(posterior, trainX, trainY);
        int b = 6;
        int[] greedy = new GreedyBatchBald().select(local, b, new SplittableRandom(0));
        int[] bald = new BaldAcquisition().select(local, b, new SplittableRandom(0));
        // BALD takes both copies of a top point (lower id first); independent check of the tie rule
        assertEquals(bald[0] + half, bald[1]);
        for (Function<Dataset<Row>, Dataset<Row>> split : partitionings().subList(1, 3)) {
            try (SparkPool pool = SparkPool.of(split.apply(frame(poolX)), "id")) {
                assertSameBatch(local, greedy, new SparkGreedyBatchBald().select(pool, problem, b), "greedy");
                assertSameBatch(local, bald, new SparkBaldAcquisition().select(pool, problem, b), "BALD");
            }
        }
    }

    @Test
    void badPoolsFailWithClearMessages() {
        double[][] poolX = uniformPool(40, 2, 8);
        poolX[17][1] = Double.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> SparkPool.of(frame(poolX).repartition(3), "id", "x0", "x1"));
        assertTrue(nan.getMessage().contains("id 17") && nan.getMessage().contains("'x1'")
                && nan.getMessage().contains("NaN"), nan.getMessage());

        poolX[17][1] = 0.5;
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SparkPool.of(frame(poolX).drop("id"), "id"));
        assertTrue(missing.getMessage().contains("no id column 'id'"), missing.getMessage());

        Dataset<Row> twice = frame(poolX).union(frame(poolX).filter("id = 5 or id = 9"));
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> SparkPool.of(twice, "id"));
        assertTrue(duplicate.getMessage().contains("repeated ids: 5 (2 rows), 9 (2 rows)"), duplicate.getMessage());

        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> SparkPool.of(frame(poolX).withColumn("x1", functions.lit("a")), "id"));
        assertTrue(text.getMessage().contains("'x1' has type string"), text.getMessage());

        ExactGaussianProcessPosterior posterior = gp(new double[][]{{0, 0}}, new double[]{1}, 2);
        DistributedProblem problem = new DistributedProblem(posterior, new double[][]{{0, 0}}, new double[]{1});
        try (SparkPool narrow = SparkPool.of(frame(poolX), "id", "x0")) {
            IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                    () -> new SparkBaldAcquisition().select(narrow, problem, 41));
            assertTrue(tooBig.getMessage().contains("between 1 and the pool size 40"), tooBig.getMessage());
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> new SparkGreedyBatchBald().select(narrow, problem, 2));
            assertTrue(width.getMessage().contains("1 feature columns [x0] but the GP was fitted on 2"),
                    width.getMessage());
        }
    }

    /** The strategies' names are those of their single-machine counterparts (used in results and the CLI). */
    @Test
    void namesMatchTheSingleMachineStrategies() {
        List<AcquisitionStrategy> local = List.of(new RandomAcquisition(), new BaldAcquisition(),
                new GreedyBatchBald());
        List<DistributedStrategy> distributed = List.of(new SparkRandomAcquisition(1), new SparkBaldAcquisition(),
                new SparkGreedyBatchBald());
        for (int i = 0; i < local.size(); i++) {
            assertEquals(local.get(i).name(), distributed.get(i).name());
        }
    }
}
