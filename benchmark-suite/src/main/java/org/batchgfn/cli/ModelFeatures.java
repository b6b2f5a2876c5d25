package org.batchgfn.cli;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The feature order of a model trained on a dataset: Tribuo numbers features by name, so a GP's dense rows (and
 * its lengthscales) follow that order, not the CSV file's column order.
 */
final class ModelFeatures {

    private ModelFeatures() {
    }

    /**
     * @param dataset the training data
     * @return the feature names by feature id, i.e. in the order the trained model's dense rows use
     */
    static List<String> order(Dataset<?> dataset) {
        ImmutableFeatureMap map = dataset.getFeatureIDMap();
        List<String> names = new ArrayList<>(map.size());
        for (int id = 0; id < map.size(); id++) {
            names.add(map.get(id).getName());
        }
        return names;
    }

    /**
     * @param rows  feature rows, columns in {@code names} order (e.g. the pool file read in the model's order)
     * @param names the feature names
     * @return one unlabelled example per row, for {@code AcquisitionProblem.of(model, labelled, unlabelled)}
     */
    static List<Example<Regressor>> unlabelledExamples(double[][] rows, List<String> names) {
        String[] n = names.toArray(new String[0]);
        List<Example<Regressor>> out = new ArrayList<>(rows.length);
        for (double[] row : rows) {
            out.add(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, n, row));
        }
        return out;
    }

    /**
     * @param rows feature rows (and targets, if any)
     * @param targets targets, or null
     * @return the SHA-256 of the values, as hex: records which data a policy was trained on
     */
    static String sha256(double[][] rows, double[] targets) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(8);
            for (double[] row : rows) {
                for (double v : row) {
                    md.update(b.clear().putDouble(v).array());
                }
            }
            if (targets != null) {
                for (double v : targets) {
                    md.update(b.clear().putDouble(v).array());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
