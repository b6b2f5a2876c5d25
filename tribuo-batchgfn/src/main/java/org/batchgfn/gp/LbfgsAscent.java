package org.batchgfn.gp;

import java.util.Arrays;

/**
 * Limited-memory BFGS (Nocedal 1980; Liu and Nocedal 1989) run as <em>ascent</em> on an unconstrained objective:
 * the two-loop recursion over the last {@code memory} curvature pairs, scaled by {@code sᵀy / yᵀy}, and a
 * {@link MoreThuenteLineSearch} (strong Wolfe, ftol 1e-4, gtol 0.9) along each direction.
 * <p>
 * It stops at the first of: the largest gradient component ≤ {@code gradientTolerance}
 * ({@link StopReason#GRADIENT_TOLERANCE}); the relative change {@code (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1)}
 * ≤ {@code relativeTolerance} ({@link StopReason#RELATIVE_CHANGE}; SciPy's L-BFGS-B test, whose default
 * factr = 1e7 is the default here, 1e7 × machine epsilon); {@code maxIterations} iterations
 * ({@link StopReason#MAX_ITERATIONS}); or no increase along the L-BFGS direction and then along steepest ascent
 * ({@link StopReason#LINE_SEARCH_FAILED}). A point where the objective throws
 * {@link org.batchgfn.linalg.NotPositiveDefiniteException} or is not finite is treated as infeasible, and the
 * line search steps back from it.
 * <p>
 * Why written here: the libraries on Maven Central that offer L-BFGS either come inside a large framework
 * (Smile, DL4J's model-bound solvers) or are unmaintained single-author ports; the algorithm is short and is
 * tested on functions with known minima. Immutable; each call allocates O(memory · p).
 */
final class LbfgsAscent {

    /** Default number of curvature pairs kept (SciPy's default m = 10). */
    static final int DEFAULT_MEMORY = 10;
    /** Default gradient tolerance (largest component), SciPy's pgtol default. */
    static final double DEFAULT_GRADIENT_TOLERANCE = 1e-5;
    /** Default relative-change tolerance: SciPy's factr 1e7 times machine epsilon. */
    static final double DEFAULT_RELATIVE_TOLERANCE = 1e7 * Math.ulp(1.0);

    private static final int MAX_LINE_SEARCH_EVALUATIONS = 20;
    /** Largest change of any parameter in one line search (softplus arguments beyond ±50 saturate). */
    private static final double MAX_PARAMETER_STEP = 50.0;

    private final int maxIterations;
    private final double gradientTolerance;
    private final double relativeTolerance;
    private final int memory;
    private final MoreThuenteLineSearch lineSearch = new MoreThuenteLineSearch(1e-4, 0.9, 1e-10,
            MAX_LINE_SEARCH_EVALUATIONS);

    /**
     * @param maxIterations     iteration cap, ≥ 0 (0 returns the start)
     * @param gradientTolerance largest gradient component at which to stop, ≥ 0
     * @param relativeTolerance relative objective change at which to stop, ≥ 0
     * @param memory            curvature pairs kept, ≥ 1
     */
    LbfgsAscent(int maxIterations, double gradientTolerance, double relativeTolerance, int memory) {
        if (maxIterations < 0 || !(gradientTolerance >= 0) || !(relativeTolerance >= 0) || memory < 1) {
            throw new IllegalArgumentException("need maxIterations >= 0, tolerances >= 0 and memory >= 1; got "
                    + maxIterations + ", " + gradientTolerance + ", " + relativeTolerance + ", " + memory);
        }
        this.maxIterations = maxIterations;
        this.gradientTolerance = gradientTolerance;
        this.relativeTolerance = relativeTolerance;
        this.memory = memory;
    }

    /**
     * @param maxIterations iteration cap, ≥ 0; default tolerances and memory
     */
    LbfgsAscent(int maxIterations) {
        this(maxIterations, DEFAULT_GRADIENT_TOLERANCE, DEFAULT_RELATIVE_TOLERANCE, DEFAULT_MEMORY);
    }

    /**
     * Maximises {@code f} from {@code start}.
     *
     * @param f        objective to maximise
     * @param start    starting parameters; not modified
     * @param observer told the objective after each iteration
     * @return the final point (the best one seen), its value, iterations, evaluations and stop reason
     * @throws org.batchgfn.linalg.NotPositiveDefiniteException if the objective fails at the start itself
     * @throws IllegalArgumentException                          if the objective is not finite at the start
     */
    OptimizationResult maximize(AdamAscent.Objective f, double[] start, AdamAscent.IterationObserver observer) {
        int p = start.length;
        // Internally minimise h = −f.
        double[] x = start.clone();
        double[] g = new double[p];
        double fx = -f.valueAndGradient(x, g);
        negate(g);
        if (!Double.isFinite(fx) || !allFinite(g)) {
            throw new IllegalArgumentException("objective is not finite at the start: " + (-fx));
        }
        int evaluations = 1;
        double[][] s = new double[memory][p];
        double[][] y = new double[memory][p];
        double[] rho = new double[memory];
        double[] alpha = new double[memory];
        int stored = 0;
        int newest = -1;
        double[] d = new double[p];
        double[] xTrial = new double[p];
        double[] gTrial = new double[p];
        double[] xPrev = new double[p];
        double[] gPrev = new double[p];
        if (maxNorm(g) <= gradientTolerance) {
            return new OptimizationResult(x, -fx, 0, evaluations, StopReason.GRADIENT_TOLERANCE);
        }
        int iteration = 0;
        boolean steepest = true;
        while (iteration < maxIterations) {
            // Direction d = −H g by the two-loop recursion (steepest descent when memory is empty).
            for (int i = 0; i < p; i++) {
                d[i] = -g[i];
            }
            if (!steepest && stored > 0) {
                for (int k = 0; k < stored; k++) {
                    int j = Math.floorMod(newest - k, memory);
                    alpha[j] = rho[j] * dot(s[j], d);
                    axpy(-alpha[j], y[j], d);
                }
                double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
                for (int i = 0; i < p; i++) {
                    d[i] *= gamma;
                }
                for (int k = stored - 1; k >= 0; k--) {
                    int j = Math.floorMod(newest - k, memory);
                    double beta = rho[j] * dot(y[j], d);
                    axpy(alpha[j] - beta, s[j], d);
                }
            }
            double slope = dot(g, d);
            if (!(slope < 0)) {
                // Not a descent direction (rounding in H): restart from steepest descent.
                for (int i = 0; i < p; i++) {
                    d[i] = -g[i];
                }
                slope = dot(g, d);
                stored = 0;
            }
            double dMax = maxNorm(d);
            double stpMax = MAX_PARAMETER_STEP / dMax;
            double stp = stored == 0 ? Math.min(1.0 / Math.sqrt(dot(d, d)), stpMax) : Math.min(1.0, stpMax);
            final double[] xBase = x;
            final double[] dir = d;
            int[] evals = {0};
            MoreThuenteLineSearch.LineFunction phi = (t, out) -> {
                for (int i = 0; i < p; i++) {
                    xTrial[i] = xBase[i] + t * dir[i];
                }
                evals[0]++;
                double v;
                try {
                    v = -f.valueAndGradient(xTrial, gTrial);
                } catch (org.batchgfn.linalg.NotPositiveDefiniteException e) {
                    v = Double.POSITIVE_INFINITY;
                }
                negate(gTrial);
                out[0] = Double.isFinite(v) && allFinite(gTrial) ? v : Double.POSITIVE_INFINITY;
                out[1] = dot(gTrial, dir);
            };
            MoreThuenteLineSearch.Result r = lineSearch.search(phi, fx, slope, stp, 0.0, stpMax);
            evaluations += evals[0];
            if (!(r.value < fx) && r.outcome != MoreThuenteLineSearch.Outcome.CONVERGED) {
                if (stored == 0) {
                    return new OptimizationResult(x, -fx, iteration, evaluations, StopReason.LINE_SEARCH_FAILED);
                }
                stored = 0; // forget the curvature pairs, retry along steepest descent
                steepest = true;
                continue;
            }
            // Re-evaluate at the accepted step unless the last evaluation was there.
            System.arraycopy(x, 0, xPrev, 0, p);
            System.arraycopy(g, 0, gPrev, 0, p);
            double fPrev = fx;
            for (int i = 0; i < p; i++) {
                x[i] = xBase[i] + r.step * dir[i];
            }
            if (!Arrays.equals(x, xTrial)) {
                fx = -f.valueAndGradient(x, g);
                negate(g);
                evaluations++;
            } else {
                fx = r.value;
                System.arraycopy(gTrial, 0, g, 0, p);
            }
            iteration++;
            steepest = false;
            observer.iteration(iteration, -fx);
            // Curvature pair, kept only if sᵀy is safely positive.
            for (int i = 0; i < p; i++) {
                xPrev[i] = x[i] - xPrev[i]; // now s_k
                gPrev[i] = g[i] - gPrev[i]; // now y_k
            }
            double sy = dot(xPrev, gPrev);
            if (sy > 1e-10 * dot(gPrev, gPrev)) {
                newest = stored == 0 ? 0 : (newest + 1) % memory;
                System.arraycopy(xPrev, 0, s[newest], 0, p);
                System.arraycopy(gPrev, 0, y[newest], 0, p);
                rho[newest] = 1.0 / sy;
                stored = Math.min(stored + 1, memory);
            }
            if (maxNorm(g) <= gradientTolerance) {
                return new OptimizationResult(x, -fx, iteration, evaluations, StopReason.GRADIENT_TOLERANCE);
            }
            if ((fPrev - fx) / max3(Math.abs(fPrev), Math.abs(fx), 1.0) <= relativeTolerance) {
                return new OptimizationResult(x, -fx, iteration, evaluations, StopReason.RELATIVE_CHANGE);
            }
        }
        return new OptimizationResult(x, -fx, iteration, evaluations, StopReason.MAX_ITERATIONS);
    }

    private static double max3(double a, double b, double c) {
        return Math.max(a, Math.max(b, c));
    }

    private static void negate(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
    }

    private static boolean allFinite(double[] v) {
        for (double e : v) {
            if (!Double.isFinite(e)) {
                return false;
            }
        }
        return true;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxNorm(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }
}
