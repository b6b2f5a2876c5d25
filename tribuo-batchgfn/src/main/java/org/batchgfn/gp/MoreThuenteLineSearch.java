package org.batchgfn.gp;

/**
 * The Moré–Thuente line search (Moré and Thuente 1994, "Line search algorithms with guaranteed sufficient
 * decrease"; the MINPACK-2 {@code dcsrch}/{@code dcstep} routines that L-BFGS-B and SciPy use): finds a step
 * {@code t} along a descent direction that satisfies the strong Wolfe conditions
 * {@code φ(t) ≤ φ(0) + ftol·t·φ'(0)} and {@code |φ'(t)| ≤ gtol·|φ'(0)|}, by safeguarded cubic and quadratic
 * interpolation inside a bracket of shrinking width.
 * <p>
 * A non-finite {@code φ(t)} (a kernel matrix that no jitter makes positive definite at an extreme step) is treated
 * as "too far": the step is halved toward the best point so far. Stateless apart from its tolerances.
 */
final class MoreThuenteLineSearch {

    /** The one-dimensional restriction {@code φ(t) = f(x + t·d)} and its derivative. */
    interface LineFunction {
        /**
         * Evaluates φ at a step.
         *
         * @param step the step t
         * @param out  {@code out[0] = φ(t)}, {@code out[1] = φ'(t)}; φ may be +∞ or NaN where f is undefined
         */
        void evaluate(double step, double[] out);
    }

    /** How a search ended. */
    enum Outcome {
        /** Both strong Wolfe conditions hold. */
        CONVERGED,
        /** The bracket became narrower than {@code xtol} relative: the best point found is returned. */
        INTERVAL_TOO_SMALL,
        /** The step reached the largest allowed step with sufficient decrease. */
        AT_MAX_STEP,
        /** The step reached the smallest allowed step without sufficient decrease. */
        AT_MIN_STEP,
        /** The evaluation budget ran out. */
        MAX_EVALUATIONS,
        /** Rounding errors prevent progress (the interval cannot shrink further). */
        ROUNDING
    }

    /** The result: the step, φ and φ' there, evaluations used, and how it ended. */
    static final class Result {
        final double step;
        final double value;
        final double derivative;
        final int evaluations;
        final Outcome outcome;

        Result(double step, double value, double derivative, int evaluations, Outcome outcome) {
            this.step = step;
            this.value = value;
            this.derivative = derivative;
            this.evaluations = evaluations;
            this.outcome = outcome;
        }
    }

    private static final double XTRAPL = 1.1;
    private static final double XTRAPU = 4.0;

    private final double ftol;
    private final double gtol;
    private final double xtol;
    private final int maxEvaluations;

    /**
     * @param ftol           sufficient-decrease constant, in (0, gtol)
     * @param gtol           curvature constant, in (ftol, 1)
     * @param xtol           relative width below which the bracket is considered converged
     * @param maxEvaluations function evaluations allowed per search, ≥ 1
     */
    MoreThuenteLineSearch(double ftol, double gtol, double xtol, int maxEvaluations) {
        if (!(ftol > 0 && ftol < gtol && gtol < 1) || !(xtol > 0) || maxEvaluations < 1) {
            throw new IllegalArgumentException("need 0 < ftol < gtol < 1, xtol > 0 and maxEvaluations >= 1; got "
                    + ftol + ", " + gtol + ", " + xtol + ", " + maxEvaluations);
        }
        this.ftol = ftol;
        this.gtol = gtol;
        this.xtol = xtol;
        this.maxEvaluations = maxEvaluations;
    }

    /**
     * Searches from {@code t = 0}.
     *
     * @param phi     the line function
     * @param finit   φ(0)
     * @param ginit   φ'(0), must be negative (a descent direction)
     * @param stp     first trial step, in [stpmin, stpmax]
     * @param stpmin  smallest step, ≥ 0
     * @param stpmax  largest step
     * @return the result; on an outcome other than CONVERGED the step is the best (lowest φ) point seen, which may
     * be 0 when nothing decreased φ
     */
    Result search(LineFunction phi, double finit, double ginit, double stp, double stpmin, double stpmax) {
        if (!(ginit < 0)) {
            throw new IllegalArgumentException("not a descent direction: phi'(0) = " + ginit);
        }
        double gtest = ftol * ginit;
        double width = stpmax - stpmin;
        double width1 = 2 * width;
        // stx: best step so far; sty: other end of the bracket.
        double[] st = {0, finit, ginit, 0, finit, ginit}; // stx, fx, gx, sty, fy, gy
        boolean[] brackt = {false};
        boolean stage1 = true;
        double stmin = 0;
        double stmax = stp + XTRAPU * stp;
        double[] fg = new double[2];
        int evaluations = 0;
        while (true) {
            phi.evaluate(stp, fg);
            evaluations++;
            double f = fg[0];
            double g = fg[1];
            if (!Double.isFinite(f) || !Double.isFinite(g)) {
                // Undefined here: never step this far again, retry halfway back toward the best point.
                if (evaluations >= maxEvaluations) {
                    return best(st, evaluations, Outcome.MAX_EVALUATIONS);
                }
                stpmax = st[0] + 0.5 * (stp - st[0]);
                stp = stpmax;
                stmax = Math.min(stmax, stpmax);
                if (stp - st[0] <= xtol * Math.max(stp, Double.MIN_NORMAL) || stp <= stpmin) {
                    return best(st, evaluations, Outcome.ROUNDING);
                }
                continue;
            }
            double ftest = finit + stp * gtest;
            if (stage1 && f <= ftest && g >= 0) {
                stage1 = false;
            }
            if (f <= ftest && Math.abs(g) <= gtol * (-ginit)) {
                return new Result(stp, f, g, evaluations, Outcome.CONVERGED);
            }
            if (brackt[0] && (stp <= stmin || stp >= stmax)) {
                return bestOf(st, stp, f, g, evaluations, Outcome.ROUNDING);
            }
            if (brackt[0] && stmax - stmin <= xtol * stmax) {
                return bestOf(st, stp, f, g, evaluations, Outcome.INTERVAL_TOO_SMALL);
            }
            if (stp == stpmax && f <= ftest && g <= gtest) {
                return new Result(stp, f, g, evaluations, Outcome.AT_MAX_STEP);
            }
            if (stp == stpmin && (f > ftest || g >= gtest)) {
                return bestOf(st, stp, f, g, evaluations, Outcome.AT_MIN_STEP);
            }
            if (evaluations >= maxEvaluations) {
                return bestOf(st, stp, f, g, evaluations, Outcome.MAX_EVALUATIONS);
            }
            if (stage1 && f <= st[1] && f > ftest) {
                // Modified function ψ(t) = φ(t) − φ(0) − t·gtest while no step has both decreased and curved up.
                double[] mod = {st[0], st[1] - st[0] * gtest, st[2] - gtest, st[3], st[4] - st[3] * gtest,
                        st[5] - gtest};
                stp = step(mod, stp, f - stp * gtest, g - gtest, brackt, stmin, stmax);
                st[0] = mod[0];
                st[1] = mod[1] + mod[0] * gtest;
                st[2] = mod[2] + gtest;
                st[3] = mod[3];
                st[4] = mod[4] + mod[3] * gtest;
                st[5] = mod[5] + gtest;
            } else {
                stp = step(st, stp, f, g, brackt, stmin, stmax);
            }
            if (brackt[0]) {
                if (Math.abs(st[3] - st[0]) >= 0.66 * width1) {
                    stp = st[0] + 0.5 * (st[3] - st[0]);
                }
                width1 = width;
                width = Math.abs(st[3] - st[0]);
                stmin = Math.min(st[0], st[3]);
                stmax = Math.max(st[0], st[3]);
            } else {
                stmin = stp + XTRAPL * (stp - st[0]);
                stmax = stp + XTRAPU * (stp - st[0]);
            }
            stp = Math.max(stp, stpmin);
            stp = Math.min(stp, stpmax);
            if (brackt[0] && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax)) {
                stp = st[0];
            }
        }
    }

    private static Result best(double[] st, int evaluations, Outcome outcome) {
        return new Result(st[0], st[1], st[2], evaluations, outcome);
    }

    private static Result bestOf(double[] st, double stp, double f, double g, int evaluations, Outcome outcome) {
        if (f < st[1]) {
            return new Result(stp, f, g, evaluations, outcome);
        }
        return best(st, evaluations, outcome);
    }

    /**
     * MINPACK-2 {@code dcstep}: a safeguarded step from the bracket ends (stx, fx, dx), (sty, fy, dy) and the
     * trial (stp, fp, dp); updates the bracket in {@code s} and {@code brackt}, returns the next trial step.
     */
    static double step(double[] s, double stp, double fp, double dp, boolean[] brackt, double stpmin,
                       double stpmax) {
        double stx = s[0];
        double fx = s[1];
        double dx = s[2];
        double sty = s[3];
        double fy = s[4];
        double dy = s[5];
        double sgnd = dp * Math.signum(dx);
        double stpf;
        if (fp > fx) {
            // Case 1: higher value; the minimum is bracketed.
            double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            double gamma = cubicGamma(theta, dx, dp);
            if (stp < stx) {
                gamma = -gamma;
            }
            double p = (gamma - dx) + theta;
            double q = ((gamma - dx) + gamma) + dp;
            double r = p / q;
            double stpc = stx + r * (stp - stx);
            double stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx);
            stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
            brackt[0] = true;
        } else if (sgnd < 0) {
            // Case 2: lower value, derivatives of opposite sign; bracketed.
            double stpc = cubicMinimizer(stp, fp, dp, stx, fx, dx);
            double stpq = stp + (dp / (dp - dx)) * (stx - stp);
            stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
            brackt[0] = true;
        } else if (Math.abs(dp) < Math.abs(dx)) {
            // Case 3: lower value, same-sign derivative decreasing in magnitude.
            double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            double gamma = cubicGamma(theta, dx, dp);
            if (stp > stx) {
                gamma = -gamma;
            }
            double p = (gamma - dp) + theta;
            double q = (gamma + (dx - dp)) + gamma;
            double r = p / q;
            double stpc;
            if (r < 0 && gamma != 0) {
                stpc = stp + r * (stx - stp);
            } else if (stp > stx) {
                stpc = stpmax;
            } else {
                stpc = stpmin;
            }
            double stpq = stp + (dp / (dp - dx)) * (stx - stp);
            if (brackt[0]) {
                stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
                if (stp > stx) {
                    stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
                } else {
                    stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
                }
            } else {
                stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
                stpf = Math.min(stpmax, stpf);
                stpf = Math.max(stpmin, stpf);
            }
        } else {
            // Case 4: lower value, same-sign derivative not decreasing in magnitude.
            if (brackt[0]) {
                stpf = cubicMinimizer(stp, fp, dp, sty, fy, dy);
            } else if (stp > stx) {
                stpf = stpmax;
            } else {
                stpf = stpmin;
            }
        }
        if (fp > fx) {
            s[3] = stp;
            s[4] = fp;
            s[5] = dp;
        } else {
            if (sgnd < 0) {
                s[3] = stx;
                s[4] = fx;
                s[5] = dx;
            }
            s[0] = stp;
            s[1] = fp;
            s[2] = dp;
        }
        return stpf;
    }

    /**
     * The minimiser of the cubic through (stp, fp) and (s, fs) with slopes dp and ds there, written from stp's side
     * as in {@code dcstep} (cases 2 and 4).
     */
    private static double cubicMinimizer(double stp, double fp, double dp, double s, double fs, double ds) {
        double theta = 3 * (fs - fp) / (stp - s) + ds + dp;
        double gamma = cubicGamma(theta, ds, dp);
        if (stp > s) {
            gamma = -gamma;
        }
        double p = (gamma - dp) + theta;
        double q = ((gamma - dp) + gamma) + ds;
        return stp + (p / q) * (s - stp);
    }

    /**
     * {@code √(θ² − da·db)}, the discriminant term of the cubic interpolating two points' values and slopes,
     * scaled by the largest magnitude to avoid overflow; clamped at 0 against rounding.
     */
    private static double cubicGamma(double theta, double da, double db) {
        double sc = Math.max(Math.abs(theta), Math.max(Math.abs(da), Math.abs(db)));
        return sc * Math.sqrt(Math.max(0, (theta / sc) * (theta / sc) - (da / sc) * (db / sc)));
    }
}
