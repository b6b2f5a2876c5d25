package org.batchgfn.spark.cli;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.batchgfn.onnx.SeededKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * The example's synthetic pool: row {@code id} has features {@code xⱼ = −3 + 6·u(seed, j, id)} with
 * {@link SeededKeys#uniform}, uniform on {@code [−3, 3]^d}, so the rows can be generated inside Spark (no driver
 * round trip) and again on one machine for the comparison, identically.
 */
final class GeneratedPool {

    private GeneratedPool() {
    }

    static double feature(long seed, int j, long id) {
        return -3 + 6 * SeededKeys.uniform(seed, j, id);
    }

    /** @return the pool as a Spark dataset {@code (id, x0 … x_{d−1})} in the given number of partitions */
    static Dataset<Row> dataset(SparkSession spark, long rows, int d, int partitions, long seed) {
        JavaRDD<Row> rdd = spark.range(0, rows, 1, partitions).toJavaRDD().map(id -> {
            Object[] values = new Object[d + 1];
            values[0] = id;
            for (int j = 0; j < d; j++) {
                values[j + 1] = feature(seed, j, id);
            }
            return RowFactory.create(values);
        });
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.LongType, false));
        for (int j = 0; j < d; j++) {
            fields.add(DataTypes.createStructField("x" + j, DataTypes.DoubleType, false));
        }
        return spark.createDataFrame(rdd, DataTypes.createStructType(fields));
    }

    /** @return the same pool on the driver, row i = id i */
    static double[][] local(int rows, int d, long seed) {
        double[][] x = new double[rows][d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = feature(seed, j, i);
            }
        }
        return x;
    }
}
