package org.batchgfn.acquisition;

/**
 * Selection of the k largest entries of a score vector, in descending order of score with ties broken by the
 * lower index. A partial selection in O(N·k), which beats a full sort for the small batch sizes used here and
 * keeps tie-breaking explicit.
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
        int n = scores.length;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score of pool point " + i + " is NaN");
            }
        }
        boolean[] taken = new boolean[n];
        int[] out = new int[k];
        for (int r = 0; r < k; r++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || scores[i] > scores[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            out[r] = best;
        }
        return out;
    }
}
