package org.batchgfn.spark;

import org.batchgfn.onnx.EncodedPool;
import org.batchgfn.onnx.MaskedCategorical;
import org.batchgfn.onnx.OnnxPolicy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BatchGFN sampling's state in one partition: the block run once through the policy's encoder
 * ({@link EncodedPool}: embeddings and point projections), and per trajectory which of its points are chosen.
 * A step runs the per-step head for each trajectory's broadcast context and returns, per trajectory, the block's
 * Gumbel-max candidate ({@link MaskedCategorical#draw(long, int, long[])}) and its log-normaliser. Lives in a cached
 * RDD on the executors; never serialised. Catch-up from the full list of choices makes a recomputed partition
 * correct.
 */
final class PolicyPartition implements AutoCloseable {

    /** What every partition needs for one step of K trajectories. */
    record StepInput(int step, long[] trajectorySeeds, float[][] contexts, long[][] chosen) implements Serializable {
    }

    /** A block's candidate for one trajectory's step. */
    record Candidate(int trajectory, double key, long id, double logit, float[] embedding, double[] features,
                     double logNormalizer) implements Serializable {

        /** @return the winner of the two ({@link MaskedCategorical#precedes}: larger key, then lower id) */
        static Candidate better(Candidate a, Candidate b) {
            return MaskedCategorical.precedes(a.key, a.id, b.key, b.id) ? a : b;
        }
    }

    private final PoolBlock block;
    private final EncodedPool encoded;
    private final Map<Long, Integer> localIndex;
    private final boolean[][] chosen;
    private final int[] applied;
    private boolean closed;

    private PolicyPartition(PoolBlock block, EncodedPool encoded, int trajectories) {
        this.block = block;
        this.encoded = encoded;
        this.localIndex = new HashMap<>();
        for (int i = 0; i < block.size(); i++) {
            localIndex.put(block.ids()[i], i);
        }
        this.chosen = new boolean[trajectories][block.size()];
        this.applied = new int[trajectories];
    }

    /**
     * Encodes the block (nothing for an empty block).
     *
     * @param block         the partition's points
     * @param model         the policy's ONNX bytes
     * @param source        its name
     * @param trainFeatures the training set for a conditioned policy, else null
     * @param trainTargets  its targets, else null
     * @param trajectories  K
     * @return the state
     */
    static PolicyPartition setUp(PoolBlock block, byte[] model, String source, double[][] trainFeatures,
                                 double[] trainTargets, int trajectories) {
        if (block.size() == 0) {
            return new PolicyPartition(block, null, trajectories);
        }
        OnnxPolicy policy = ExecutorPolicies.get(model, source);
        EncodedPool encoded = trainFeatures == null ? policy.encode(block.rows())
                : policy.encode(block.rows(), trainFeatures, trainTargets);
        return new PolicyPartition(block, encoded, trajectories);
    }

    /**
     * @param in the step's seeds, contexts and choices so far
     * @return one candidate per trajectory with a drawable point in this block
     */
    List<Candidate> step(StepInput in) {
        List<Candidate> out = new ArrayList<>();
        if (encoded == null) {
            return out;
        }
        for (int t = 0; t < in.trajectorySeeds().length; t++) {
            long[] sofar = in.chosen()[t];
            for (int j = applied[t]; j < sofar.length; j++) {
                Integer local = localIndex.get(sofar[j]);
                if (local != null) {
                    chosen[t][local] = true;
                }
            }
            applied[t] = sofar.length;
            if (allChosen(chosen[t])) {
                continue;
            }
            double[] logits = encoded.headLogits(in.contexts()[t]);
            MaskedCategorical step = MaskedCategorical.of(logits, chosen[t]);
            int x = step.draw(in.trajectorySeeds()[t], in.step(), block.ids());
            long id = block.ids()[x];
            out.add(new Candidate(t, MaskedCategorical.key(logits[x], in.trajectorySeeds()[t], in.step(), id), id,
                    logits[x], encoded.embedding(x), block.rows()[x], step.logNormalizer()));
        }
        return out;
    }

    private static boolean allChosen(boolean[] mask) {
        for (boolean b : mask) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    /** Frees the block's native encoder tensors. */
    @Override
    public void close() {
        if (encoded != null && !closed) {
            encoded.close();
        }
        closed = true;
    }
}
