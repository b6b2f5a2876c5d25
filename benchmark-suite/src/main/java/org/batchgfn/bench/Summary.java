package org.batchgfn.bench;

/**
 * Mean and standard error of a sample, as the report states them.
 *
 * @param n      sample size
 * @param mean   arithmetic mean (NaN for an empty sample)
 * @param stdErr standard error of the mean, {@code s/√n} with the n−1 sample standard deviation (NaN for n &lt; 2)
 */
public record Summary(int n, double mean, double stdErr) {

    /**
     * @param values the sample
     * @return its summary
     */
    public static Summary of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        if (n < 2) {
            return new Summary(n, mean, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new Summary(n, mean, Math.sqrt(ss / (n - 1) / n));
    }

    /**
     * @param digits significant digits
     * @return {@code mean ± se}, or the mean alone when there is no standard error
     */
    public String format(int digits) {
        String fmt = "%." + digits + "g";
        String m = String.format(java.util.Locale.ROOT, fmt, mean);
        return Double.isNaN(stdErr) ? m : m + " ± " + String.format(java.util.Locale.ROOT, fmt, stdErr);
    }
}
