package org.batchgfn.gflownet.eval;

/**
 * The Jensen–Shannon divergence {@code JSD(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m)}, {@code m = (p + q)/2}, in nats:
 * symmetric, 0 for identical distributions, {@code ln 2} for disjoint supports.
 */
public final class JensenShannonDivergence {

    private JensenShannonDivergence() {
    }

    /**
     * @param p a probability vector
     * @param q a probability vector of the same length
     * @return the divergence in nats, in {@code [0, ln 2]}
     * @throws IllegalArgumentException for different lengths, negative/non-finite entries or sums far from 1
     */
    public static double between(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("distributions have different supports: " + p.length + " vs "
                    + q.length + " outcomes");
        }
        check("p", p);
        check("q", q);
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = 0.5 * (p[i] + q[i]);
            if (p[i] > 0) {
                js += 0.5 * p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                js += 0.5 * q[i] * Math.log(q[i] / m);
            }
        }
        return Math.max(0.0, js);
    }

    private static void check(String name, double[] p) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0) || !Double.isFinite(p[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + p[i]
                        + "; probabilities must be finite and >= 0");
            }
            sum += p[i];
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException(name + " sums to " + sum + ", not 1");
        }
    }
}
