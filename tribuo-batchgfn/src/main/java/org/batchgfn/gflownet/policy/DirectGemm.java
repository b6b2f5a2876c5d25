package org.batchgfn.gflownet.policy;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * Float32 products of ND4J arrays as one {@code cblas_sgemm} call into the OpenBLAS that ND4J itself runs its
 * products on, on the arrays' own memory: {@code C = op(A)·op(B) + β·C}.
 * <p>
 * Why not {@link Nd4j#gemm}: it dispatches ND4J's {@code matmul} custom op, whose per-call work before the BLAS call
 * (an op context, shape buffers, checks) measured 35–40 µs against 7.7 µs for the whole {@code cblas_sgemm} call at
 * the state-sized shape 80×64·64×64, and 40–90 µs on top of 0.2–0.25 ms at the pool-sized 2000×64·64×64 (one thread,
 * Intel Xeon with AVX-512, this project's machine in December 2026); a training step makes about fifteen products.
 * ND4J passes the same arguments to the same routine, so the results are the same bits (checked against
 * {@link Nd4j#gemm} for every transpose combination in {@code DenseLayersTest}).
 * <p>
 * Taken only when ND4J's BLAS is OpenBLAS and all three arrays are contiguous, c-ordered float32 matrices that are
 * not views ({@link ParameterArrays#isDirectFloat}); anything else goes to {@link Nd4j#gemm}. The BLAS thread count
 * is ND4J's ({@link ComputeThreads} pins it to one).
 */
final class DirectGemm {

    private DirectGemm() {
    }

    /** Whether ND4J's BLAS is the OpenBLAS this class calls (else every product goes through {@link Nd4j#gemm}). */
    static final boolean AVAILABLE = openBlas();

    private static boolean openBlas() {
        try {
            return Nd4j.factory().blas().getBlasVendor() == Blas.Vendor.OPENBLAS;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * {@code c = op(a)·op(b) + beta·c}.
     *
     * @param beta 0 (c overwritten) or 1 (accumulated)
     * @throws IllegalArgumentException if the shapes do not agree
     */
    static void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double beta) {
        if (!AVAILABLE || !direct(a) || !direct(b) || !direct(c)) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, beta);
            return;
        }
        long m = transposeA ? a.size(1) : a.size(0);
        long k = transposeA ? a.size(0) : a.size(1);
        long kb = transposeB ? b.size(1) : b.size(0);
        long n = transposeB ? b.size(0) : b.size(1);
        if (k != kb || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException("cannot multiply " + shape(a, transposeA) + " by " + shape(b, transposeB)
                    + " into " + Arrays.toString(c.shape()));
        }
        if (m == 0 || n == 0) {
            return;
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                (int) m, (int) n, (int) k, 1f, pointer(a, 0), leading(a), pointer(b, 0), leading(b), (float) beta,
                pointer(c, 0), leading(c));
    }

    /**
     * Rows {@code [row0, row0 + rows)} of {@code c = a·op(b)}, from the same rows of {@code a} (the other rows of
     * {@code c} untouched): one BLAS call on the row range, so several threads may fill disjoint ranges of one array.
     * Without the direct path, a product of the rows' view copied into place.
     *
     * @throws IllegalArgumentException if the shapes do not agree or the rows are outside {@code a} or {@code c}
     */
    static void gemmRows(INDArray a, int row0, int rows, INDArray b, boolean transposeB, INDArray c) {
        long k = a.size(1);
        long kb = transposeB ? b.size(1) : b.size(0);
        long n = transposeB ? b.size(0) : b.size(1);
        if (k != kb || c.size(1) != n || a.size(0) != c.size(0)) {
            throw new IllegalArgumentException("cannot multiply rows of " + Arrays.toString(a.shape()) + " by "
                    + shape(b, transposeB) + " into " + Arrays.toString(c.shape()));
        }
        if (row0 < 0 || rows < 0 || row0 + rows > a.size(0)) {
            throw new IllegalArgumentException("rows [" + row0 + ", " + (row0 + rows) + ") outside "
                    + Arrays.toString(a.shape()));
        }
        if (rows == 0 || n == 0) {
            return;
        }
        if (!AVAILABLE || !direct(a) || !direct(b) || !direct(c)) {
            INDArrayIndex range = NDArrayIndex.interval(row0, row0 + rows);
            INDArray part = Nd4j.gemm(a.get(range, NDArrayIndex.all()), b, false, transposeB);
            c.get(range, NDArrayIndex.all()).assign(part);
            return;
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, rows, (int) n, (int) k, 1f,
                pointer(a, (long) row0 * leading(a)), leading(a), pointer(b, 0), leading(b), 0f,
                pointer(c, (long) row0 * leading(c)), leading(c));
    }

    /** A pointer to entry {@code offset} of a direct array (a new pointer object: threads never share a position). */
    private static FloatPointer pointer(INDArray x, long offset) {
        FloatPointer p = new FloatPointer(x.data().addressPointer());
        return p.position(p.position() + offset);
    }

    private static boolean direct(INDArray x) {
        return x.rank() == 2 && ParameterArrays.isDirectFloat(x) && x.length() <= Integer.MAX_VALUE;
    }

    /** The row stride of a row-major matrix: its column count (at least 1, as BLAS requires). */
    private static int leading(INDArray x) {
        return (int) Math.max(1, x.size(1));
    }

    private static String shape(INDArray x, boolean transposed) {
        return (transposed ? "the transpose of " : "") + Arrays.toString(x.shape());
    }
}
