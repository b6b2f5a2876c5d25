package org.batchgfn.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.onnx.EncodedPool;
import org.batchgfn.onnx.InvalidPolicyModelException;
import org.batchgfn.onnx.MaskedCategorical;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.onnx.PolicyMetadata;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * BatchGFN inference over a pool in Spark: sample K batches from an exported policy (tribuo-batchgfn's
 * {@code PolicyOnnxExporter}) and keep the one of highest JMI; the same batch as the onnx-models runtime's
 * {@link OnnxPolicy#bestOf} with the JMI as scorer, for the same seed, on the same pool (ids = pool indices).
 * <p>
 * The model bytes are broadcast and each executor JVM opens one ONNX Runtime session (one intra-op thread). Every
 * partition runs its block through the encoder once, then the K trajectories advance together: step k is one Spark
 * job in which each partition runs the per-step head for each trajectory's context and returns its Gumbel-max
 * candidate (keys of (trajectory seed, k, id), so the draw does not depend on the partitioning) and its
 * log-normaliser; the driver keeps each trajectory's winner, adds its embedding to that trajectory's context and
 * ships the contexts with the next step. B jobs in all, O(K·H) numbers each way per partition and step. The K
 * batches are scored by their JMI on the driver; the first best wins, as in {@code bestOf}.
 */
public final class SparkBatchGfnSampling implements DistributedStrategy {

    private final byte[] model;
    private final String source;
    private final int samples;
    private final long seed;

    /**
     * @param model   the exported policy's ONNX bytes
     * @param source  a name for messages (its file name)
     * @param samples K ≥ 1, batches sampled
     * @param seed    the seed, as {@link OnnxPolicy#bestOf}'s
     * @throws IllegalArgumentException if K &lt; 1
     */
    public SparkBatchGfnSampling(byte[] model, String source, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("number of samples K must be >= 1, got " + samples);
        }
        this.model = Objects.requireNonNull(model, "model").clone();
        this.source = Objects.requireNonNull(source, "source");
        this.samples = samples;
        this.seed = seed;
    }

    @Override
    public DistributedBatch select(SparkPool pool, DistributedProblem problem, int batchSize) {
        DistributedStrategy.check(pool, problem, batchSize);
        PolicyMetadata metadata = metadata();
        if (metadata.inputDimension() != pool.dimension()) {
            throw new IllegalArgumentException(source + " was trained on " + metadata.inputDimension()
                    + " features but the pool has " + pool.dimension() + " " + pool.featureColumns());
        }
        boolean conditioned = metadata.isConditioned();
        int h = metadata.hiddenWidth();
        JavaSparkContext sc = pool.context();
        Broadcast<byte[]> bytes = sc.broadcast(model);
        Broadcast<DistributedProblem> shared = sc.broadcast(problem);
        String name = source;
        int k = samples;
        JavaRDD<PolicyPartition> states = pool.blocks()
                .map(block -> PolicyPartition.setUp(block, bytes.value(), name,
                        conditioned ? shared.value().trainFeatures() : null,
                        conditioned ? shared.value().trainTargets() : null, k))
                .persist(StorageLevel.MEMORY_ONLY());
        long[] seeds = EncodedPool.trajectorySeeds(seed, samples);
        float[][] contexts = new float[samples][h];
        long[][] chosen = new long[samples][0];
        double[][][] features = new double[samples][batchSize][];
        double[] logProbability = new double[samples];
        double[] seconds = new double[batchSize];
        try {
            for (int step = 0; step < batchSize; step++) {
                long start = System.nanoTime();
                PolicyPartition.StepInput in = new PolicyPartition.StepInput(step, seeds, contexts, chosen);
                List<PolicyPartition.Candidate> candidates = states.flatMap(s -> s.step(in).iterator()).collect();
                for (int t = 0; t < samples; t++) {
                    PolicyPartition.Candidate winner = null;
                    double[] normalizers = new double[candidates.size()];
                    int parts = 0;
                    for (PolicyPartition.Candidate c : candidates) {
                        if (c.trajectory() == t) {
                            winner = winner == null ? c : PolicyPartition.Candidate.better(winner, c);
                            normalizers[parts++] = c.logNormalizer();
                        }
                    }
                    Objects.requireNonNull(winner, "no drawable point left");
                    logProbability[t] += winner.logit() - MaskedCategorical.of(Arrays.copyOf(normalizers, parts),
                            new boolean[parts]).logNormalizer();
                    contexts[t] = contexts[t].clone();
                    EncodedPool.accumulate(contexts[t], winner.embedding());
                    chosen[t] = Arrays.copyOf(chosen[t], step + 1);
                    chosen[t][step] = winner.id();
                    features[t][step] = winner.features();
                }
                seconds[step] = (System.nanoTime() - start) * 1e-9;
            }
            states.foreach(PolicyPartition::close);
        } finally {
            states.unpersist(false);
            bytes.destroy();
            shared.destroy();
        }
        double[] scores = new double[samples];
        for (int t = 0; t < samples; t++) {
            scores[t] = DistributedBatch.jmi(features[t], problem).value(DistributedBatch.order(batchSize));
        }
        int best = EncodedPool.firstBest(scores);
        return DistributedBatch.score(chosen[best], features[best], problem, seconds, logProbability[best]);
    }

    private PolicyMetadata metadata() {
        try (OnnxPolicy policy = OnnxPolicy.fromBytes(model, source, 1)) {
            return policy.metadata();
        } catch (InvalidPolicyModelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return BatchGfnAcquisition.NAME;
    }

    @Override
    public String toString() {
        return "SparkBatchGfnSampling(" + source + ", samples=" + samples + ", seed=" + seed + ")";
    }
}
