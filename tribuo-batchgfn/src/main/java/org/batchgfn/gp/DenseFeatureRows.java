package org.batchgfn.gp;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.regression.Regressor;

/**
 * Maps sparse Tribuo examples to dense rows in a feature map's id order. Features unknown to the map are ignored
 * and absent features are 0 (the Tribuo convention for sparse examples); non-finite values are rejected.
 */
final class DenseFeatureRows {

    private DenseFeatureRows() {
    }

    /**
     * @param example the example
     * @param map     the feature map fixing the column order
     * @param index   position of the example, for error messages
     * @param row     output of length {@code map.size()}, overwritten
     * @return the number of the example's features known to the map
     * @throws IllegalArgumentException if a known feature has a NaN or infinite value
     */
    static int fill(Example<Regressor> example, ImmutableFeatureMap map, int index, double[] row) {
        java.util.Arrays.fill(row, 0.0);
        int used = 0;
        for (Feature f : example) {
            int id = map.getID(f.getName());
            if (id >= 0) {
                double v = f.getValue();
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("example " + index + " has a non-finite value " + v
                            + " for feature '" + f.getName() + "'");
                }
                row[id] = v;
                used++;
            }
        }
        return used;
    }
}
