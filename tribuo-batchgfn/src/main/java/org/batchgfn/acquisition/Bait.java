package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;

import java.util.SplittableRandom;

/**
 * BAIT (Ash et al. 2021, in the GP form of Holzmüller et al., JMLR 2023): choose the batch that minimises the
 * total posterior variance {@code V(B) = Σ_{x ∈ P ∪ T} Var[f(x) | T, B]} over the pool P and the training set T.
 * <p>
 * With C the selection kernel's covariance over P ∪ T (n = N + M points, dense), a forward step scores every
 * unselected pool point j by the variance its noisy observation removes, {@code ‖C(:, j)‖² / (C(j, j) + σ²)},
 * takes the largest (first index on ties) and conditions on it,
 * {@code C ← C − C(:, j) C(j, :) / (C(j, j) + σ²)}. BAIT-FB (the default) makes 2B forward steps (at most N), then
 * B backward steps, each dropping the selected point whose removal raises V least,
 * {@code argmin ‖C(:, j)‖² / (σ² − C(j, j))} (first in forward order on ties), and undoing its conditioning,
 * {@code C ← C + C(:, j) C(j, :) / (σ² − C(j, j))}. The batch is the survivors in forward order. BAIT-F
 * ({@code forwardOnly}) stops after B forward steps. In TP mode every training point is first conditioned on as an
 * observation (with the posterior kernel this counts them twice; the reference's P mode does not).
 * <p>
 * Defaults: the reference benchmark's best configuration, the posterior kernel in P mode, σ² the GP's fitted noise
 * variance. O(n²) memory and O(B·n²) time: when {@code 8n²} bytes exceed {@code maxCovarianceMegabytes} (or half
 * the JVM's maximum heap) the strategy refuses with a message that names the limit.
 */
public final class Bait extends KernelBatchAcquisition {

    /** The name of BAIT-FB on the command line and in results. */
    public static final String NAME = "bait";
    /** The name of BAIT-F (forward only). */
    public static final String FORWARD_NAME = "bait-f";
    /** The default memory cap for the dense covariance, in MiB. */
    public static final int DEFAULT_MAX_COVARIANCE_MEGABYTES = 2048;

    @Config(description = "Forward steps only (BAIT-F): B forward steps instead of 2B forward and B backward.")
    private boolean forwardOnly = false;

    @Config(description = "Observation-noise variance sigma^2 of the conditioning, raw target units; 0 (the "
            + "default) uses the GP's fitted noise variance.")
    private double noiseVariance = 0.0;

    @Config(description = "Largest dense (N+M)x(N+M) covariance allowed, in MiB; a larger problem is refused.")
    private int maxCovarianceMegabytes = DEFAULT_MAX_COVARIANCE_MEGABYTES;

    /** The reference's best configuration: BAIT-FB, posterior kernel, P mode, the GP's noise variance. */
    public Bait() {
        this(false);
    }

    /**
     * @param forwardOnly true for BAIT-F, false for BAIT-FB; otherwise the reference's best configuration
     */
    public Bait(boolean forwardOnly) {
        this(forwardOnly, SelectionKernel.POSTERIOR, SelectionMode.P, 0.0, DEFAULT_MAX_COVARIANCE_MEGABYTES);
    }

    /**
     * @param forwardOnly            true for BAIT-F
     * @param selectionKernel        the covariance conditioned on
     * @param mode                   whether the training points are first conditioned on
     * @param noiseVariance          σ² &gt; 0 in raw target units, or 0 for the GP's fitted noise variance
     * @param maxCovarianceMegabytes memory cap of the dense covariance, MiB, ≥ 1
     * @throws PropertyException for a negative or non-finite σ² or a cap below 1
     */
    public Bait(boolean forwardOnly, SelectionKernel selectionKernel, SelectionMode mode, double noiseVariance,
                int maxCovarianceMegabytes) {
        super(selectionKernel, mode);
        this.forwardOnly = forwardOnly;
        this.noiseVariance = noiseVariance;
        this.maxCovarianceMegabytes = maxCovarianceMegabytes;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!(noiseVariance >= 0) || !Double.isFinite(noiseVariance)) {
            throw new PropertyException("", "noiseVariance", "BAIT noise variance must be > 0, or 0 for the GP's, got "
                    + noiseVariance);
        }
        if (maxCovarianceMegabytes < 1) {
            throw new PropertyException("", "maxCovarianceMegabytes", "BAIT memory cap must be >= 1 MiB, got "
                    + maxCovarianceMegabytes);
        }
    }

    /** @return whether this is BAIT-F */
    public boolean forwardOnly() {
        return forwardOnly;
    }

    @Override
    protected void pick(AcquisitionProblem problem, PickedPoints picked, SplittableRandom rng) {
        int n = problem.poolSize() + problem.trainFeatures().length;
        checkMemory(n);
        double sigma2 = noiseVariance > 0 ? noiseVariance : problem.reward().noiseVariance();
        // Always over P ∪ T: the objective sums the variance of the training points too.
        SelectionSpace space = SelectionSpace.of(problem, selectionKernel(), true);
        double[][] c = new double[n][];
        for (int j = 0; j < n; j++) {
            c[j] = new double[n];
            space.kernel().column(j, c[j]);
        }
        if (mode() == SelectionMode.TP) {
            for (int t = 0; t < space.trainCount(); t++) {
                condition(c, t, sigma2);
            }
        }
        int b = picked.capacity();
        int forwardSteps = forwardOnly ? b : Math.min(2 * b, space.poolCount());
        // The forward pass may collect more than B points: keep them in a larger batch, then drop.
        PickedPoints forward = forwardOnly ? picked : new PickedPoints(space.poolCount(), forwardSteps);
        for (int step = 0; step < forwardSteps; step++) {
            int best = -1;
            double bestScore = 0;
            for (int p = 0; p < space.poolCount(); p++) {
                if (!forward.contains(p)) {
                    int j = space.spaceIndex(p);
                    double score = squaredNorm(c, j) / (c[j][j] + sigma2);
                    if (score > bestScore) {
                        bestScore = score;
                        best = p;
                    }
                }
            }
            if (best < 0) {
                break;
            }
            forward.add(best);
            condition(c, space.spaceIndex(best), sigma2);
        }
        if (forwardOnly) {
            return;
        }
        while (forward.size() > b) {
            int worst = -1;
            double worstCost = Double.POSITIVE_INFINITY;
            for (int k = 0; k < forward.size(); k++) {
                int j = space.spaceIndex(forward.get(k));
                double cost = squaredNorm(c, j) / (sigma2 - c[j][j]);
                if (cost < worstCost) {
                    worstCost = cost;
                    worst = forward.get(k);
                }
            }
            forward.remove(worst);
            uncondition(c, space.spaceIndex(worst), sigma2);
        }
        for (int k = 0; k < forward.size(); k++) {
            picked.add(forward.get(k));
        }
    }

    private void checkMemory(int n) {
        double mib = 8.0 * n * n / (1024.0 * 1024.0);
        double heapMib = Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0) / 2;
        double limit = Math.min(maxCovarianceMegabytes, heapMib);
        if (mib > limit) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "BAIT needs the dense covariance over pool and training set, n = N + M = %d points: %.0f MiB "
                            + "(8n^2 bytes), more than the limit of %.0f MiB (maxCovarianceMegabytes = %d, half the "
                            + "maximum heap = %.0f MiB); use a smaller pool, raise the cap and -Xmx, or another "
                            + "strategy such as lcmd", n, mib, limit, maxCovarianceMegabytes, heapMib));
        }
    }

    /** C ← C − C(:, j) C(j, :) / (C(j, j) + σ²): condition on a noisy observation at j. */
    private static void condition(double[][] c, int j, double sigma2) {
        rankOne(c, j, -1.0 / (c[j][j] + sigma2));
    }

    /** C ← C + C(:, j) C(j, :) / (σ² − C(j, j)): undo {@link #condition}. */
    private static void uncondition(double[][] c, int j, double sigma2) {
        rankOne(c, j, 1.0 / (sigma2 - c[j][j]));
    }

    private static void rankOne(double[][] c, int j, double factor) {
        int n = c.length;
        double[] col = new double[n];
        for (int i = 0; i < n; i++) {
            col[i] = c[i][j];
        }
        for (int i = 0; i < n; i++) {
            double f = factor * col[i];
            double[] row = c[i];
            for (int k = 0; k < n; k++) {
                row[k] += f * col[k];
            }
        }
    }

    private static double squaredNorm(double[][] c, int j) {
        double s = 0;
        for (double[] row : c) {
            s += row[j] * row[j];
        }
        return s;
    }

    @Override
    public String name() {
        return forwardOnly ? FORWARD_NAME : NAME;
    }

    @Override
    public String toString() {
        return "Bait(forwardOnly=" + forwardOnly + ",selectionKernel=" + selectionKernel() + ",mode=" + mode()
                + ",noiseVariance=" + (noiseVariance > 0 ? Double.toString(noiseVariance) : "GP") + ")";
    }
}
