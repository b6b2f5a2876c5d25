package org.batchgfn.cli;

import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code batchgfn predict}: fits an exact GP on a labelled CSV file and predicts the rows of another CSV file.
 * Writes CSV with one row per test row, in order: {@code mean} (posterior mean), {@code variance} (posterior
 * variance of the latent function f) and {@code predictive_variance} (variance of a new noisy observation: the
 * latent variance plus the noise variance), all in the target's raw units.
 */
@Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Fit an exact Gaussian process on a labelled CSV file and predict the rows of another.",
                "Every column of --train but the target is a numeric feature; --test must have the same feature "
                        + "columns (any order) and may have the target column, which is ignored.",
                "Output CSV columns: mean, variance (latent f), predictive_variance (variance + noise), one row "
                        + "per --test data row, in order; to standard output unless --out is given.",
                "Exit codes: 0 success, 1 bad data (message names file, line and column), 2 bad usage."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE",
            description = "Labelled CSV file with a header row.")
    private Path train;

    @Option(names = "--test", required = true, paramLabel = "FILE",
            description = "CSV file of the rows to predict, same feature columns as --train.")
    private Path test;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "Name of the target column.")
    private String target;

    @Mixin
    private GaussianProcessOptions gp;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the CSV here (atomically: a temporary file, then a rename) instead of standard "
                    + "output.")
    private Path out;

    /** Picocli creates the command. */
    public PredictCommand() {
    }

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        gp.checkUsage(cmd);
        TrainingFile training = TrainingFile.read(train, target);
        MutableDataset<Regressor> dataset = training.dataset();
        List<String> modelOrder = ModelFeatures.order(dataset);
        GaussianProcessTrainer trainer = gp.trainer(cmd, training.featureColumns(), modelOrder);
        double[][] x = training.matchingFeatures(test, "--test", modelOrder);
        GaussianProcessModel model = gp.train(cmd, trainer, dataset, training.featureColumns(), modelOrder);
        ExactGaussianProcessPosterior posterior = model.posterior();
        double[][] moments = posterior.meansAndLatentVariances(x);
        double[] mean = moments[0];
        double[] variance = moments[1];
        double noise = posterior.noiseVariance();
        StringBuilder csv = new StringBuilder("mean,variance,predictive_variance\n");
        for (int i = 0; i < x.length; i++) {
            csv.append(mean[i]).append(',').append(variance[i]).append(',').append(variance[i] + noise).append('\n');
        }
        new CommandOutput(out).write(csv.toString(), cmd.getOut());
        return 0;
    }
}
