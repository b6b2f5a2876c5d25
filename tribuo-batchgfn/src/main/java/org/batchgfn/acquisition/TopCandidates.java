package org.batchgfn.acquisition;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The kernel of the top-k strategies (BALD's top-B scores, the random baseline's top-B keys) over one block of
 * pool points: the block's k best {@code (score, id)} pairs, best first, a larger score first and ties to the lower
 * id. A pool split into blocks gives the same top k as the whole pool: take each block's top k ({@link #of}), then
 * {@link #merge} them in any order. The single-machine strategies use one block ({@link TopK}). Immutable; a small
 * value object that distributed paths ship between machines (hence {@link Serializable}, in memory only).
 */
public final class TopCandidates implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] ids;
    private final double[] scores;

    private TopCandidates(long[] ids, double[] scores) {
        this.ids = ids;
        this.scores = scores;
    }

    /**
     * The k best of one block, in O(n·k) (a partial selection, faster than a sort for the small k of a batch).
     *
     * @param ids    the block's point ids, distinct
     * @param scores one score per point; NaN is not allowed
     * @param k      how many to keep, ≥ 0 (fewer if the block is smaller)
     * @return the block's best, best first
     * @throws IllegalArgumentException if a score is NaN, k &lt; 0 or the lengths differ
     */
    public static TopCandidates of(long[] ids, double[] scores, int k) {
        if (ids.length != scores.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + scores.length + " scores");
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int n = scores.length;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score of pool point " + ids[i] + " is NaN");
            }
        }
        int m = Math.min(k, n);
        boolean[] taken = new boolean[n];
        long[] outIds = new long[m];
        double[] outScores = new double[m];
        for (int r = 0; r < m; r++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || precedes(scores[i], ids[i], scores[best], ids[best]))) {
                    best = i;
                }
            }
            taken[best] = true;
            outIds[r] = ids[best];
            outScores[r] = scores[best];
        }
        return new TopCandidates(outIds, outScores);
    }

    /**
     * @param other the top candidates of another block (disjoint ids)
     * @param k     how many to keep
     * @return the k best of both
     */
    public TopCandidates merge(TopCandidates other, int k) {
        long[] allIds = Arrays.copyOf(ids, ids.length + other.ids.length);
        System.arraycopy(other.ids, 0, allIds, ids.length, other.ids.length);
        double[] allScores = Arrays.copyOf(scores, scores.length + other.scores.length);
        System.arraycopy(other.scores, 0, allScores, scores.length, other.scores.length);
        return of(allIds, allScores, k);
    }

    /**
     * The order of the candidates: a larger score wins, an equal score goes to the lower id.
     *
     * @param score   one candidate's score
     * @param id      its id
     * @param other   another's score
     * @param otherId its id
     * @return whether the first beats the second
     */
    public static boolean precedes(double score, long id, double other, long otherId) {
        return score > other || (score == other && id < otherId);
    }

    /** @return the ids, best first */
    public long[] ids() {
        return ids.clone();
    }

    /** @return the scores, best first */
    public double[] scores() {
        return scores.clone();
    }

    /** @return how many candidates are held */
    public int size() {
        return ids.length;
    }
}
