package org.batchgfn.bench;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.AcquisitionStrategy;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.train.TrainerSettings;

import java.util.SplittableRandom;

/**
 * BatchGFN acquisition with its two phases timed separately, for the speed experiment: policy training, then
 * sampling K batches and keeping the best. Same algorithm and random-number use as {@link BatchGfnAcquisition}
 * (via {@link PolicyTraining}). Not immutable: the timings of the last call are kept for the caller to read.
 */
public final class PhaseTimedBatchGfn implements AcquisitionStrategy {

    @Config(description = "Hidden width H.")
    private int hiddenWidth;
    @Config(description = "Training steps.")
    private int steps;
    @Config(description = "Reward temperature T.")
    private double temperature;
    @Config(description = "Inference samples K.")
    private int samples;

    private PolicyArchitecture architecture;
    private TrainerSettings settings;
    private double lastTrainingSeconds = Double.NaN;
    private double lastSamplingSeconds = Double.NaN;

    /**
     * @param architecture network width and depth
     * @param settings     training settings
     * @param samples      K ≥ 1
     */
    public PhaseTimedBatchGfn(PolicyArchitecture architecture, TrainerSettings settings, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("number of inference samples must be >= 1, got " + samples);
        }
        this.architecture = architecture;
        this.settings = settings;
        this.hiddenWidth = architecture.hiddenWidth();
        this.steps = settings.steps();
        this.temperature = settings.temperature();
        this.samples = samples;
    }

    @Override
    public int[] select(AcquisitionProblem problem, int batchSize, SplittableRandom rng) {
        AcquisitionStrategy.checkBatchSize(batchSize, problem.poolSize());
        PolicyTraining policy = PolicyTraining.train(problem.poolFeatures(), problem.reward(), batchSize, architecture,
                settings, rng, s -> { });
        long start = System.nanoTime();
        int[] best = policy.bestOf(problem.reward(), samples, rng);
        lastSamplingSeconds = (System.nanoTime() - start) * 1e-9;
        lastTrainingSeconds = policy.trainingSeconds();
        return best;
    }

    /** @return seconds the last call spent training the policy */
    public double lastTrainingSeconds() {
        return lastTrainingSeconds;
    }

    /** @return seconds the last call spent sampling K batches */
    public double lastSamplingSeconds() {
        return lastSamplingSeconds;
    }

    @Override
    public String name() {
        return BatchGfnAcquisition.NAME;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "AcquisitionStrategy");
    }

    @Override
    public String toString() {
        return "PhaseTimedBatchGfn(H=" + hiddenWidth + ", " + settings + ", samples=" + samples + ")";
    }
}
