package org.batchgfn.spark;

import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * One partition of a {@link SparkPool} held as columnar primitive arrays: the ids and the raw feature rows. The
 * strategies' per-partition kernels work on these arrays, never on Spark rows (stepping through {@code Row} objects
 * was 10–25 times slower per sequential step in the feasibility probe). Immutable.
 */
final class PoolBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] ids;
    private final double[][] rows;
    private final String invalid;

    PoolBlock(long[] ids, double[][] rows) {
        this(ids, rows, null);
    }

    private PoolBlock(long[] ids, double[][] rows, String invalid) {
        this.ids = ids;
        this.rows = rows;
        this.invalid = invalid;
    }

    /**
     * Reads a partition of rows {@code (id: long, feature₁: double, …, feature_d: double)}, noting the first row
     * with a null id or a null, NaN or infinite feature ({@link #invalid()}).
     *
     * @param it       the partition's rows
     * @param idColumn the id column's name, for the message
     * @param features the feature columns' names, for the message
     * @return the block (possibly empty)
     */
    static PoolBlock read(Iterator<Row> it, String idColumn, List<String> features) {
        int dimension = features.size();
        List<double[]> rows = new ArrayList<>();
        long[] ids = new long[16];
        int n = 0;
        String invalid = null;
        while (it.hasNext()) {
            Row r = it.next();
            if (r.isNullAt(0)) {
                invalid = invalid != null ? invalid : "a pool row has a null id in column '" + idColumn
                        + "'; every row needs a unique integer id";
                continue;
            }
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, 2 * n);
            }
            ids[n++] = r.getLong(0);
            double[] x = new double[dimension];
            for (int j = 0; j < dimension; j++) {
                Double v = r.isNullAt(j + 1) ? null : r.getDouble(j + 1);
                if (invalid == null && (v == null || !Double.isFinite(v))) {
                    invalid = "pool row with id " + r.getLong(0) + ": feature '" + features.get(j) + "' is "
                            + (v == null ? "null" : v) + "; every feature must be a finite number (no null, NaN or"
                            + " infinity)";
                }
                x[j] = v == null ? Double.NaN : v;
            }
            rows.add(x);
        }
        return new PoolBlock(Arrays.copyOf(ids, n), rows.toArray(new double[0][]), invalid);
    }

    /** @return what is wrong with the first invalid row of the partition, or null if every row is valid */
    String invalid() {
        return invalid;
    }

    /** @return the number of points */
    int size() {
        return ids.length;
    }

    /** @return the ids (shared, do not modify) */
    long[] ids() {
        return ids;
    }

    /** @return the raw feature rows (shared, do not modify) */
    double[][] rows() {
        return rows;
    }
}
