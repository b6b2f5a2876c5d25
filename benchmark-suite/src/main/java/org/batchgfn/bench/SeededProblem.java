package org.batchgfn.bench;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.datasets.SeedSetSampler;
import org.batchgfn.gp.GaussianProcessModel;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The acquisition problem of the first round of active learning: a GP fitted on seed set 0 (the same seed set the
 * al experiment's first trajectory starts from) and the unlabelled rest of the pool, optionally a random subset of
 * it (for pools small enough to enumerate every batch).
 */
final class SeededProblem {

    private SeededProblem() {
    }

    /**
     * @param run      the run
     * @param poolSize number of unlabelled points to keep (a seeded random subset), or ≤ 0 for all
     * @return the problem
     */
    static AcquisitionProblem build(BenchRun run, int poolSize) {
        BenchConfig c = run.config();
        List<Example<Regressor>> all = new ArrayList<>();
        for (Example<Regressor> e : run.data().pool()) {
            all.add(e);
        }
        int[] seedRows = new SeedSetSampler(c.seedSetSize()).sample(all.size(),
                ActiveLearningTrajectories.seedSetSeed(c, 0));
        boolean[] labelled = new boolean[all.size()];
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> seedData = new MutableDataset<>(
                new SimpleDataSourceProvenance("seed set 0", factory), factory);
        for (int r : seedRows) {
            labelled[r] = true;
            seedData.add(all.get(r));
        }
        List<Example<Regressor>> unlabelled = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!labelled[i]) {
                unlabelled.add(all.get(i));
            }
        }
        if (poolSize > 0 && poolSize < unlabelled.size()) {
            SplittableRandom rng = new SplittableRandom(c.seed() * 7_919L + 5);
            for (int i = 0; i < poolSize; i++) {
                int j = i + rng.nextInt(unlabelled.size() - i);
                Example<Regressor> t = unlabelled.get(i);
                unlabelled.set(i, unlabelled.get(j));
                unlabelled.set(j, t);
            }
            unlabelled = new ArrayList<>(unlabelled.subList(0, poolSize));
        }
        Model<Regressor> model = BenchStrategies.gpTrainer(c).train(seedData);
        GaussianProcessModel gp = (GaussianProcessModel) model;
        return AcquisitionProblem.of(gp, seedData, unlabelled);
    }
}
