package org.batchgfn.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An unlabelled pool held in Spark: one row per candidate point, an integer id column and numeric feature columns
 * (in the GP's feature order). The rows are validated once ({@link #of}) and cached as one columnar
 * {@link PoolBlock} per partition; every strategy then runs its per-block kernel on those blocks. The partitioning
 * is the caller's ({@code rows.repartition(p)} before {@link #of}); results never depend on it.
 * <p>
 * The ids identify the chosen rows and break ties (the lower id wins); random keys are functions of (seed, id), so
 * the same pool with the same ids gives the same batches however it is split. For a batch to equal a
 * single-machine {@code AcquisitionStrategy}'s, number the rows 0..N−1 in that pool's order. Close the pool to
 * release the cached blocks.
 */
public final class SparkPool implements AutoCloseable {

    private final JavaRDD<PoolBlock> blocks;
    private final long size;
    private final List<String> featureColumns;

    private SparkPool(JavaRDD<PoolBlock> blocks, long size, List<String> featureColumns) {
        this.blocks = blocks;
        this.size = size;
        this.featureColumns = List.copyOf(featureColumns);
    }

    /**
     * Validates and caches a pool.
     *
     * @param rows           the pool: an integer id column and numeric feature columns
     * @param idColumn       the id column's name; ids must be unique and not null
     * @param featureColumns the feature columns in the GP's order; none given means every column but the id
     * @return the cached pool (two Spark jobs: the blocks with their validation, and one shuffle of the ids, as
     *         arrays, to find repeated ones)
     * @throws IllegalArgumentException naming the column, id or value, if the id column is missing or not
     *                                  integral, a feature column is missing or not numeric, a feature is null, NaN
     *                                  or infinite, an id is null or repeated, or the pool is empty
     */
    public static SparkPool of(Dataset<Row> rows, String idColumn, String... featureColumns) {
        List<String> columns = Arrays.asList(rows.columns());
        if (!columns.contains(idColumn)) {
            throw new IllegalArgumentException("the pool has no id column '" + idColumn + "'; its columns are "
                    + columns + ". Add a unique integer id per row (e.g. monotonically_increasing_id()) and name it");
        }
        DataType idType = rows.schema().apply(idColumn).dataType();
        if (!(idType.equals(DataTypes.LongType) || idType.equals(DataTypes.IntegerType)
                || idType.equals(DataTypes.ShortType) || idType.equals(DataTypes.ByteType))) {
            throw new IllegalArgumentException("the id column '" + idColumn + "' has type " + idType.simpleString()
                    + "; ids must be integers (long, int, short or byte)");
        }
        List<String> features = new ArrayList<>();
        if (featureColumns.length == 0) {
            for (String c : columns) {
                if (!c.equals(idColumn)) {
                    features.add(c);
                }
            }
        } else {
            features.addAll(Arrays.asList(featureColumns));
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("the pool has no feature columns besides the id column '" + idColumn
                    + "'");
        }
        for (String f : features) {
            if (!columns.contains(f)) {
                throw new IllegalArgumentException("the pool has no feature column '" + f + "'; its columns are "
                        + columns);
            }
            if (f.equals(idColumn)) {
                throw new IllegalArgumentException("the id column '" + idColumn + "' cannot also be a feature");
            }
            DataType t = rows.schema().apply(f).dataType();
            if (!(t instanceof NumericType)) {
                throw new IllegalArgumentException("feature column '" + f + "' has type " + t.simpleString()
                        + "; features must be numeric");
            }
        }
        Column[] typed = new Column[features.size() + 1];
        typed[0] = functions.col(idColumn).cast(DataTypes.LongType).as(idColumn);
        for (int j = 0; j < features.size(); j++) {
            typed[j + 1] = functions.col(features.get(j)).cast(DataTypes.DoubleType).as(features.get(j));
        }
        List<String> names = List.copyOf(features);
        JavaRDD<PoolBlock> blocks = rows.select(typed).javaRDD()
                .mapPartitions(it -> List.of(PoolBlock.read(it, idColumn, names)).iterator())
                .persist(StorageLevel.MEMORY_ONLY());
        try {
            long size = 0;
            for (Tuple2<Long, String> summary : blocks.map(b -> new Tuple2<>((long) b.size(), b.invalid()))
                    .collect()) {
                if (summary._2() != null) {
                    throw new IllegalArgumentException(summary._2());
                }
                size += summary._1();
            }
            if (size == 0) {
                throw new IllegalArgumentException("the unlabelled pool is empty: nothing to acquire");
            }
            checkUniqueIds(blocks, idColumn);
            return new SparkPool(blocks, size, features);
        } catch (RuntimeException e) {
            blocks.unpersist(false);
            throw e;
        }
    }

    /**
     * Ids seen more than once, reported by value: each block sends its ids, as one sorted {@code long[]} per
     * target partition (hash of the id), through one shuffle; each target sorts what it receives and reports equal
     * neighbours. A few large arrays per block instead of one record per row keeps the shuffle cheap.
     */
    private static void checkUniqueIds(JavaRDD<PoolBlock> blocks, String idColumn) {
        int parts = blocks.getNumPartitions();
        List<long[]> repeated = blocks
                .flatMapToPair(b -> {
                    long[][] byTarget = new long[parts][];
                    int[] counts = new int[parts];
                    for (long id : b.ids()) {
                        counts[target(id, parts)]++;
                    }
                    for (int r = 0; r < parts; r++) {
                        byTarget[r] = new long[counts[r]];
                        counts[r] = 0;
                    }
                    for (long id : b.ids()) {
                        int r = target(id, parts);
                        byTarget[r][counts[r]++] = id;
                    }
                    List<Tuple2<Integer, long[]>> out = new ArrayList<>(parts);
                    for (int r = 0; r < parts; r++) {
                        out.add(new Tuple2<>(r, byTarget[r]));
                    }
                    return out.iterator();
                })
                .reduceByKey(SparkPool::concat, parts)
                .flatMap(t -> repeats(t._2()).iterator())
                .takeOrdered(3, new IdOrder());
        if (!repeated.isEmpty()) {
            StringBuilder ids = new StringBuilder();
            for (long[] t : repeated) {
                ids.append(ids.length() == 0 ? "" : ", ").append(t[0]).append(" (").append(t[1]).append(" rows)");
            }
            throw new IllegalArgumentException("the id column '" + idColumn + "' has repeated ids: " + ids
                    + (repeated.size() == 3 ? " and possibly more" : "")
                    + "; ids must be unique, they identify the chosen rows");
        }
    }

    private static int target(long id, int parts) {
        return Math.floorMod(Long.hashCode(id), parts);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** @return {id, count} for every id that occurs more than once */
    private static List<long[]> repeats(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < sorted.length; ) {
            int j = i + 1;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            if (j - i > 1) {
                out.add(new long[]{sorted[i], j - i});
            }
            i = j;
        }
        return out;
    }

    /** Orders {id, count} pairs by id, to report the smallest repeated ids. */
    private static final class IdOrder implements Comparator<long[]>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(long[] a, long[] b) {
            return Long.compare(a[0], b[0]);
        }
    }

    /** @return N, the number of rows */
    public long size() {
        return size;
    }

    /** @return d, the number of feature columns */
    public int dimension() {
        return featureColumns.size();
    }

    /** @return the feature columns, in the GP's order */
    public List<String> featureColumns() {
        return featureColumns;
    }

    /** @return the number of partitions (blocks) */
    public int numPartitions() {
        return blocks.getNumPartitions();
    }

    JavaRDD<PoolBlock> blocks() {
        return blocks;
    }

    JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(blocks.context());
    }

    /**
     * Looks up rows by id (one small job).
     *
     * @param ids ids in the pool
     * @return their raw feature rows, in the order of {@code ids}
     */
    double[][] features(long[] ids) {
        Set<Long> wanted = new HashSet<>();
        for (long id : ids) {
            wanted.add(id);
        }
        List<Tuple2<Long, double[]>> found = blocks.flatMap(b -> {
            List<Tuple2<Long, double[]>> out = new ArrayList<>();
            for (int i = 0; i < b.size(); i++) {
                if (wanted.contains(b.ids()[i])) {
                    out.add(new Tuple2<>(b.ids()[i], b.rows()[i]));
                }
            }
            return out.iterator();
        }).collect();
        Map<Long, double[]> byId = new HashMap<>();
        for (Tuple2<Long, double[]> t : found) {
            byId.put(t._1(), t._2());
        }
        double[][] out = new double[ids.length][];
        for (int k = 0; k < ids.length; k++) {
            out[k] = byId.get(ids[k]);
        }
        return out;
    }

    /** Releases the cached blocks. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }

    @Override
    public String toString() {
        return "SparkPool(" + size + " rows, features " + featureColumns + ", " + numPartitions() + " partitions)";
    }
}
