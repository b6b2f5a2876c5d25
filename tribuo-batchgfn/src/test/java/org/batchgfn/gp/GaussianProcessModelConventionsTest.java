package org.batchgfn.gp;

import org.batchgfn.gp.kernel.KernelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GaussianProcessModel} follows Tribuo's model conventions: protobuf serialisation, provenance, bad input. */
class GaussianProcessModelConventionsTest {

    private static final RegressionFactory FACTORY = new RegressionFactory();

    /** Two features on different scales (so the standardisation is not the identity), y = sin(a) + b/10 + noise. */
    private static MutableDataset<Regressor> dataset(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance("two", FACTORY), FACTORY);
        for (int i = 0; i < n; i++) {
            double a = 3 * rng.nextDouble();
            double b = 100 + 20 * rng.nextGaussian();
            ds.add(new ArrayExample<>(new Regressor("y", Math.sin(a) + b / 10 + 0.05 * rng.nextGaussian()),
                    new String[]{"a", "b"}, new double[]{a, b}));
        }
        return ds;
    }

    @Test
    void aSerialisedThenLoadedModelPredictsIdenticalMeansAndVariances(@TempDir Path dir) throws Exception {
        GaussianProcessModel model = new GaussianProcessTrainer(KernelType.MATERN32, 50, 0.1, true, true)
                .train(dataset(40, 1));
        Path file = dir.resolve("gp.tribuo");
        model.serializeToFile(file);
        assertTrue(Files.size(file) > 40 * 3 * 8, "the file holds the training data");
        Model<?> loaded = Model.deserializeFromFile(file);
        GaussianProcessModel gp = assertInstanceOf(GaussianProcessModel.class, loaded);
        GaussianProcessModel viaProto = (GaussianProcessModel) Model.deserialize(ModelProto.parseFrom(
                model.serialize().toByteArray()));
        MutableDataset<Regressor> test = dataset(30, 2);
        double[][] x = model.featureMatrix(test);
        for (GaussianProcessModel other : new GaussianProcessModel[]{gp, viaProto}) {
            for (Example<Regressor> e : test) {
                Prediction<Regressor> p = model.predict(e);
                Prediction<Regressor> q = other.predict(e);
                assertEquals(p.getOutput().getValues()[0], q.getOutput().getValues()[0], 0.0);
                assertEquals(p.getOutput().getVariances()[0], q.getOutput().getVariances()[0], 0.0);
            }
            assertArrayEquals(model.posterior().mean(x), other.posterior().mean(x), 0.0);
            assertArrayEquals(model.posterior().latentVariance(x), other.posterior().latentVariance(x), 0.0);
            assertEquals(model.logMarginalLikelihood(), other.logMarginalLikelihood(), 0.0);
            assertArrayEquals(model.hyperparameters().lengthscales(), other.hyperparameters().lengthscales(), 0.0);
            assertEquals(model.kernelType(), other.kernelType());
            assertEquals(model.getProvenance(), other.getProvenance());
            assertEquals(model.getFeatureIDMap().size(), other.getFeatureIDMap().size());
            assertEquals(model.getName(), other.getName());
        }
    }

    @Test
    void anUnknownVersionOrAnotherMessageIsRefused() throws Exception {
        GaussianProcessModel model = new GaussianProcessTrainer(KernelType.RBF, 5, 0.1, true, true)
                .train(dataset(10, 3));
        ModelProto good = model.serialize();
        ModelProto future = good.toBuilder().setVersion(GaussianProcessModelProto.CURRENT_VERSION + 1).build();
        Exception e = assertThrows(IllegalStateException.class, () -> Model.deserialize(future));
        assertTrue(String.valueOf(e.getMessage()).contains("version") || e.getCause() != null, e.toString());
        ModelProto other = good.toBuilder().setSerializedData(com.google.protobuf.Any.pack(
                com.google.protobuf.StringValue.of("not a model"))).build();
        assertThrows(IllegalStateException.class, () -> Model.deserialize(other));
    }

    @Test
    void provenanceRecordsTheInvocationCountBeforeIncrementing() {
        GaussianProcessTrainer trainer = new GaussianProcessTrainer(KernelType.MATERN52, 3, 0.1, true, true);
        MutableDataset<Regressor> ds = dataset(8, 4);
        for (int expected = 0; expected < 3; expected++) {
            GaussianProcessModel m = trainer.train(ds);
            Object count = m.getProvenance().getTrainerProvenance().getInstanceValues()
                    .get(TrainerProvenance.TRAIN_INVOCATION_COUNT).getValue();
            assertEquals(expected, count);
        }
        assertEquals(3, trainer.getInvocationCount());
    }

    @Test
    void anExampleWithNoKnownFeatureIsRejectedAsTribuoModelsDo() {
        GaussianProcessModel model = new GaussianProcessTrainer(KernelType.MATERN52, 3, 0.1, true, true)
                .train(dataset(8, 5));
        Example<Regressor> unknown = new ArrayExample<>(new Regressor("y", Double.NaN), new String[]{"c"},
                new double[]{1.0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(unknown));
        assertTrue(e.getMessage().startsWith("No features found in Example"), e.getMessage());
        // One known feature is enough (the other is 0, Tribuo's sparse convention).
        Example<Regressor> partial = new ArrayExample<>(new Regressor("y", Double.NaN), new String[]{"a"},
                new double[]{1.0});
        assertTrue(Double.isFinite(model.predict(partial).getOutput().getValues()[0]));
    }
}
