package org.batchgfn.gflownet.train;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.problem.HallucinatedAcquisition;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.gflownet.sampler.TrajectorySampler;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Lookahead training (paper §3.2, appendix A.3, Algorithm 1): while the true labels of the chosen batch are not yet
 * known, train a train-set-conditioned policy on the reward distributions it may face next. For each of
 * {@code L} lookaheads: sample a batch from the current policy with the training exploration (ε and τ),
 * hallucinate its labels by a joint draw from the GP posterior ({@link HallucinatedAcquisition}), and train the
 * policy for {@code stepsPerLookahead} steps ({@link BatchGfnTrainer}) on the JMI of the conditioned GP over the
 * remaining pool, with the enlarged training set as its context. The parameters carry from one lookahead to the next; the Adam
 * moments start afresh for each lookahead pool. Every lookahead trains exactly {@code stepsPerLookahead} steps: the
 * settings' {@link TrainingBudget} (time, convergence) is not applied here, because the phases are short (100 steps
 * in the paper), a convergence signal over so few steps means little, and cutting some lookaheads short would train
 * unevenly on the hallucinated rounds; the cost of lookahead is set by {@code L · stepsPerLookahead}. Immutable; the
 * network it trains is mutated.
 */
public final class LookaheadTrainer {

    private final TrainerSettings settings;
    private final int lookaheads;
    private final int stepsPerLookahead;

    /**
     * @param settings          training hyper-parameters of each lookahead (its {@code steps} and {@code budget} are
     *                          not used)
     * @param lookaheads        L ≥ 0, the number of hallucinated acquisitions (10 in the paper)
     * @param stepsPerLookahead training steps on each, ≥ 0
     * @throws IllegalArgumentException for a negative count
     */
    public LookaheadTrainer(TrainerSettings settings, int lookaheads, int stepsPerLookahead) {
        if (lookaheads < 0) {
            throw new IllegalArgumentException("number of lookaheads must be >= 0, got " + lookaheads);
        }
        if (stepsPerLookahead < 0) {
            throw new IllegalArgumentException("steps per lookahead must be >= 0, got " + stepsPerLookahead);
        }
        this.settings = settings;
        this.lookaheads = lookaheads;
        this.stepsPerLookahead = stepsPerLookahead;
    }

    /** @return L */
    public int lookaheads() {
        return lookaheads;
    }

    /** @return the training steps on each lookahead */
    public int stepsPerLookahead() {
        return stepsPerLookahead;
    }

    /**
     * A record of lookahead training.
     *
     * @param lookaheads  hallucinated acquisitions trained on
     * @param steps       training steps in all
     * @param lastLoss    the mean SubTB loss of the last lookahead's final steps (NaN if none)
     */
    public record Report(int lookaheads, int steps, double lastLoss) {
    }

    /**
     * Runs Algorithm 1's lookahead. On return the network is conditioned on the problem's (real) training set.
     *
     * @param network   a train-set-conditioned policy over the problem's pool, standardised with
     *                  {@code pairs.features()}; its B is the lookahead batch size (mutated)
     * @param problem   the current acquisition problem, with its GP posterior
     * @param pairs     the training-pair standardiser of the network
     * @param rng       random source (batches, labels, training trajectories)
     * @return a report
     * @throws IllegalArgumentException if the network is not conditioned, is over another pool, or a lookahead batch
     *                                  would leave fewer than B pool points
     */
    public Report train(PolicyNetwork network, AcquisitionProblem problem, TrainingPairs pairs, SplittableRandom rng) {
        return train(network, problem, pairs, rng, s -> { });
    }

    /**
     * As {@link #train(PolicyNetwork, AcquisitionProblem, TrainingPairs, SplittableRandom)}, calling
     * {@code afterStep} with the number of steps finished over all lookaheads (1 to {@code L·stepsPerLookahead}).
     *
     * @param network   as above (mutated)
     * @param problem   as above
     * @param pairs     as above
     * @param rng       as above
     * @param afterStep progress callback
     * @return a report
     */
    public Report train(PolicyNetwork network, AcquisitionProblem problem, TrainingPairs pairs, SplittableRandom rng,
                        IntConsumer afterStep) {
        if (!network.isConditioned()) {
            throw new IllegalArgumentException("lookahead training needs a policy conditioned on the training set");
        }
        int b = network.batchSize();
        if (network.poolSize() != problem.poolSize()) {
            throw new IllegalArgumentException("the policy is over a pool of " + network.poolSize()
                    + " points but the problem has " + problem.poolSize());
        }
        if (problem.poolSize() - b < b) {
            throw new IllegalArgumentException("a lookahead batch of " + b + " leaves " + (problem.poolSize() - b)
                    + " pool points, fewer than the next batch needs");
        }
        double[][] current = pairs.apply(problem.trainFeatures(), problem.trainTargets());
        TrajectorySampler explorer = new TrajectorySampler(new SetConstructionEnvironment(problem.poolSize(), b),
                problem.reward(), settings.epsilon()).withPolicyTemperature(settings.explorationTemperature());
        BatchGfnTrainer trainer = new BatchGfnTrainer(settings.withBudget(TrainingBudget.STEPS_ONLY));
        double lastLoss = Double.NaN;
        int steps = 0;
        for (int l = 0; l < lookaheads; l++) {
            network.conditionOn(current);
            int[] batch = explorer.sampleActions(network.snapshot(), rng);
            AcquisitionProblem next = HallucinatedAcquisition.draw(problem, batch, rng).next();
            PolicyNetwork ahead = network.copyOnPool(pairs.features().apply(next.poolFeatures()), b);
            ahead.conditionOn(pairs.apply(next.trainFeatures(), next.trainTargets()));
            int done = l * stepsPerLookahead;
            BatchGfnTrainer.Report report = trainer.train(ahead, next.reward(), rng, stepsPerLookahead,
                    s -> afterStep.accept(done + s));
            lastLoss = report.finalLoss();
            steps += report.steps();
            network.copyParametersFrom(ahead);
        }
        network.conditionOn(current);
        return new Report(lookaheads, steps, lastLoss);
    }
}
