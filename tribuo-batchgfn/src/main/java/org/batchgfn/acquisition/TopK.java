package org.batchgfn.acquisition;

/**
 * Selection of the k largest entries of a score vector, in descending order of score with ties broken by the
 * lower index: {@link TopCandidates} over one block whose ids are the indices.
 */
final class TopK {

    private TopK() {
    }

    /**
     * @param scores one score per pool point; NaN is not allowed
     * @param k      number of indices to return, in {@code [0, scores.length]}
     * @return the indices of the k largest scores, best first, ties broken by the lower index
     * @throws IllegalArgumentException if a score is NaN
     */
    static int[] largest(double[] scores, int k) {
        long[] ids = new long[scores.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        long[] top = TopCandidates.of(ids, scores, k).ids();
        int[] out = new int[top.length];
        for (int r = 0; r < top.length; r++) {
            out[r] = (int) top[r];
        }
        return out;
    }
}
