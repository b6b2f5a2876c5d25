package org.batchgfn.gflownet.policy;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between the policy's ND4J parameter arrays and Java {@code double[]}s. The hand-derived training
 * pass and the optimiser work on Java arrays; ND4J's element accessors and small native ops (each an OpenMP
 * region) would otherwise cost more than the arithmetic on a shared two-core machine. Arrays that are contiguous,
 * c-ordered FLOAT or DOUBLE take a single memory copy; anything else goes through a dense copy first.
 */
public final class ParameterArrays {

    private ParameterArrays() {
    }

    private static boolean direct(INDArray a) {
        DataBuffer buf = a.data();
        DataType t = buf.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && a.ordering() == 'c' && !a.isView()
                && buf.offset() == 0 && buf.length() == a.length();
    }

    /**
     * @param a an array of any floating type and layout
     * @return its values in row-major order, as doubles
     */
    public static double[] read(INDArray a) {
        INDArray src = direct(a) ? a : a.castTo(DataType.DOUBLE).dup('c');
        int n = (int) src.length();
        if (src.data().dataType() == DataType.DOUBLE) {
            double[] out = new double[n];
            ((DoublePointer) src.data().pointer()).get(out);
            return out;
        }
        float[] f = new float[n];
        ((FloatPointer) src.data().pointer()).get(f);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /**
     * Overwrites an array's values in place (rounded to its type).
     *
     * @param a      the array
     * @param values row-major values, as many as {@code a} has elements
     * @throws IllegalArgumentException on a length mismatch
     */
    public static void write(INDArray a, double[] values) {
        if (values.length != a.length()) {
            throw new IllegalArgumentException("expected " + a.length() + " values, got " + values.length);
        }
        if (!direct(a)) {
            a.assign(Nd4j.createFromArray(values).reshape('c', a.shape()));
            return;
        }
        if (a.data().dataType() == DataType.DOUBLE) {
            ((DoublePointer) a.data().pointer()).put(values);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            ((FloatPointer) a.data().pointer()).put(f);
        }
    }

    /**
     * Copies a contiguous c-ordered FLOAT array's values into a Java array (one memory copy, no per-element call).
     *
     * @param a   the array
     * @param dst at least {@code a.length()} floats
     * @return dst
     */
    public static float[] readFloats(INDArray a, float[] dst) {
        return readFloats(a, dst, 0);
    }

    /**
     * Reads a contiguous FLOAT array's values into {@code dst} from index {@code at} (a bulk copy).
     *
     * @param a   a contiguous, c-ordered FLOAT array that is not a view
     * @param dst destination, with room for {@code a.length()} values from {@code at}
     * @param at  first index written
     * @return {@code dst}
     * @throws IllegalArgumentException if {@code a} is not such an array
     */
    public static float[] readFloats(INDArray a, float[] dst, int at) {
        requireDirectFloat(a);
        ((FloatPointer) a.data().pointer()).get(dst, at, (int) a.length());
        return dst;
    }

    /**
     * Overwrites a contiguous c-ordered FLOAT array with the first {@code a.length()} values of a Java array.
     *
     * @param src the values
     * @param a   the array
     */
    public static void writeFloats(float[] src, INDArray a) {
        writeFloats(src, 0, a);
    }

    /**
     * Writes {@code a.length()} values of {@code src}, from index {@code at}, into a contiguous FLOAT array (a bulk
     * copy).
     *
     * @param src source values
     * @param at  first index read
     * @param a   a contiguous, c-ordered FLOAT array that is not a view
     * @throws IllegalArgumentException if {@code a} is not such an array
     */
    public static void writeFloats(float[] src, int at, INDArray a) {
        requireDirectFloat(a);
        ((FloatPointer) a.data().pointer()).put(src, at, (int) a.length());
    }

    /**
     * Reads {@code length} values of a contiguous FLOAT array, from its flat index {@code from}, into
     * {@code dst[at, at + length)} (a bulk copy; safe to call from several threads on one array).
     *
     * @param a      a contiguous, c-ordered FLOAT array that is not a view
     * @param from   first flat index read
     * @param dst    destination
     * @param at     first index written
     * @param length values to copy
     * @return {@code dst}
     * @throws IllegalArgumentException if {@code a} is not such an array or the range is outside it
     */
    public static float[] readFloatRange(INDArray a, long from, float[] dst, int at, int length) {
        requireRange(a, from, length);
        new FloatPointer(a.data().pointer()).position(from).get(dst, at, length);
        return dst;
    }

    /**
     * Writes {@code src[from, from + length)} into a contiguous FLOAT array from its flat index {@code at} (a bulk copy;
     * safe to call from several threads on disjoint ranges of one array).
     *
     * @param src    source values
     * @param from   first index of {@code src} read
     * @param a      a contiguous, c-ordered FLOAT array that is not a view
     * @param at     first flat index written
     * @param length values to copy
     * @throws IllegalArgumentException if {@code a} is not such an array or the range is outside it
     */
    public static void writeFloatRange(float[] src, int from, INDArray a, long at, int length) {
        requireRange(a, at, length);
        new FloatPointer(a.data().pointer()).position(at).put(src, from, length);
    }

    private static void requireRange(INDArray a, long from, int length) {
        requireDirectFloat(a);
        if (from < 0 || length < 0 || from + length > a.length()) {
            throw new IllegalArgumentException("range [" + from + ", " + (from + length) + ") is outside an array of "
                    + a.length() + " values");
        }
    }

    /** @return whether {@code a} is a contiguous c-ordered FLOAT array that is not a view (what readFloats needs) */
    static boolean isDirectFloat(INDArray a) {
        return direct(a) && a.data().dataType() == DataType.FLOAT;
    }

    private static void requireDirectFloat(INDArray a) {
        if (!isDirectFloat(a)) {
            throw new IllegalArgumentException("expected a contiguous c-ordered FLOAT array, got " + a.dataType()
                    + " ordering " + a.ordering() + (a.isView() ? " (a view)" : ""));
        }
    }

    /**
     * @param values row-major values
     * @param type   FLOAT or DOUBLE
     * @param rows   rows
     * @param cols   columns
     * @return a new contiguous c-ordered rows×cols array holding the values
     */
    public static INDArray create(double[] values, DataType type, int rows, int cols) {
        INDArray out = Nd4j.createUninitialized(type, new long[]{rows, cols}, 'c');
        write(out, values);
        return out;
    }
}
