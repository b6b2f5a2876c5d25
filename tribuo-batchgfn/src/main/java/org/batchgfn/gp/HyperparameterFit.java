package org.batchgfn.gp;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;

import java.util.Map;

/**
 * One maximisation of the exact log marginal likelihood from one starting point, and what it recorded: the fitted
 * hyperparameters, the log marginal likelihood there (working units, total over the M points), the optimiser,
 * its iterations and evaluations, and why it stopped. Immutable.
 */
final class HyperparameterFit {

    /** Run-provenance keys written by {@link #record}. */
    static final String OPTIMIZER_KEY = "gp-fit-optimizer";
    static final String ITERATIONS_KEY = "gp-fit-iterations";
    static final String EVALUATIONS_KEY = "gp-fit-evaluations";
    static final String STOP_REASON_KEY = "gp-fit-stop-reason";
    static final String LML_KEY = "gp-fit-log-marginal-likelihood";
    static final String START_KEY = "gp-fit-best-start";

    private final HyperparameterOptimizer optimizer;
    private final GaussianProcessHyperparameters hyperparameters;
    private final double logMarginalLikelihood;
    private final OptimizationResult result;
    private final int start;

    private HyperparameterFit(HyperparameterOptimizer optimizer, GaussianProcessHyperparameters hyperparameters,
                              double logMarginalLikelihood, OptimizationResult result, int start) {
        this.optimizer = optimizer;
        this.hyperparameters = hyperparameters;
        this.logMarginalLikelihood = logMarginalLikelihood;
        this.result = result;
        this.start = start;
    }

    /**
     * Runs one fit.
     *
     * @param optimizer     which optimiser
     * @param lml           the objective
     * @param start         raw starting parameters
     * @param maxIterations L-BFGS iteration cap
     * @param epochs        Adam epochs
     * @param learningRate  Adam learning rate
     * @param observer      told the log marginal likelihood (total, working units) after each iteration
     * @param startIndex    index of the starting point (0 = the default start), recorded
     * @return the fit
     */
    static HyperparameterFit run(HyperparameterOptimizer optimizer, ExactMarginalLikelihood lml, double[] start,
                                 int maxIterations, int epochs, double learningRate,
                                 AdamAscent.IterationObserver observer, int startIndex) {
        OptimizationResult r;
        double value;
        if (optimizer == HyperparameterOptimizer.ADAM) {
            // Adam on the likelihood per data point, as GPyTorch users run it (the paper's recipe).
            int n = lml.size();
            double invN = 1.0 / n;
            AdamAscent.Objective perPoint = (p, g) -> {
                double v = lml.valueAndGradient(p, g);
                for (int j = 0; j < g.length; j++) {
                    g[j] *= invN;
                }
                return v * invN;
            };
            r = AdamAscent.maximize(perPoint, start, learningRate, epochs,
                    (iteration, v) -> observer.iteration(iteration, v * n));
            value = lml.value(r.parameters());
        } else {
            r = new LbfgsAscent(maxIterations).maximize(lml, start, observer);
            value = r.value();
        }
        return new HyperparameterFit(optimizer, ExactMarginalLikelihood.hyperparameters(r.parameters(),
                lml.inputDimension()), value, r, startIndex);
    }

    /** @return the fitted hyperparameters (working units) */
    GaussianProcessHyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** @return the log marginal likelihood at the fitted hyperparameters (working units) */
    double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    /** @return iterations (L-BFGS) or epochs (Adam) run */
    int iterations() {
        return result.iterations();
    }

    /** @return why the optimiser stopped */
    StopReason stopReason() {
        return result.reason();
    }

    /**
     * Writes what ran into a model's run provenance.
     *
     * @param run the run-provenance map, added to
     */
    void record(Map<String, Provenance> run) {
        run.put(OPTIMIZER_KEY, new StringProvenance(OPTIMIZER_KEY, optimizer.name()));
        run.put(ITERATIONS_KEY, new IntProvenance(ITERATIONS_KEY, result.iterations()));
        run.put(EVALUATIONS_KEY, new IntProvenance(EVALUATIONS_KEY, result.evaluations()));
        run.put(STOP_REASON_KEY, new StringProvenance(STOP_REASON_KEY, result.reason().name()));
        run.put(LML_KEY, new DoubleProvenance(LML_KEY, logMarginalLikelihood));
        run.put(START_KEY, new IntProvenance(START_KEY, start));
    }
}
