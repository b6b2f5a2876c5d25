package org.batchgfn.loop;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.regression.Regressor;

/**
 * An {@link Oracle} for experiments: the labels of pool row i are those of row i of a labelled dataset whose rows
 * are the pool. The loop only sees a label once it has asked for it. Returns copies, so callers cannot mutate the
 * dataset. Immutable.
 */
public final class DatasetOracle implements Oracle {

    private final Dataset<Regressor> labelled;

    /**
     * @param labelled the pool with its true labels, row i answering queries for pool row i
     * @throws IllegalArgumentException if the dataset is empty
     */
    public DatasetOracle(Dataset<Regressor> labelled) {
        if (labelled.size() == 0) {
            throw new IllegalArgumentException("the oracle's labelled dataset is empty: no pool row can be labelled");
        }
        this.labelled = labelled;
    }

    @Override
    public int poolSize() {
        return labelled.size();
    }

    @Override
    public Example<Regressor> label(int poolIndex) {
        if (poolIndex < 0 || poolIndex >= labelled.size()) {
            throw new IllegalArgumentException("pool index " + poolIndex + " is outside the oracle's pool [0, "
                    + labelled.size() + ")");
        }
        return labelled.getExample(poolIndex).copy();
    }
}
