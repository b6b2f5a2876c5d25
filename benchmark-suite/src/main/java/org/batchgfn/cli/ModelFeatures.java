package org.batchgfn.cli;

import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;

import java.util.ArrayList;
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
}
