package org.batchgfn.gflownet.policy;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * The train-set conditioning of a {@link PolicyNetwork} (paper §3.2 and appendix A.2): the M standardised training
 * pairs the policy is conditioned on, and the second encoder that embeds each as {@code [γ(x), y]} and averages
 * the embeddings into the context {@code t = (1/M) Σ_i enc_T(x_i, y_i)} ({@code t = 0} for M = 0; the mean rather
 * than the paper's sum keeps Adam's steps on {@code W₃} from growing with M). The context enters both heads as a
 * shift of their first-layer biases, {@code t W₃} (policy head) and {@code t U₃} (flow head); {@link Context} holds
 * them for one pass and turns their gradients into the train-set parameters' gradients. Mutable (the pairs are
 * replaced by {@link #conditionOn}); not thread-safe.
 */
final class TrainingSetEncoder {

    private final PolicyArchitecture architecture;
    private final PolicyParameters parameters;
    private final int inputDimension;
    private final int width;
    /** The standardised training pairs {@code [x…, y]} (M×(d+1); empty by default). */
    private double[][] pairs = new double[0][];
    /** The pairs as the encoder's first layer sees them, {@code [γ(x), y]} (null when M = 0). */
    private INDArray input;

    /**
     * @param architecture   width, depth and input map (shared with the pool encoder)
     * @param parameters     the network's live parameters (with the train-set encoder's)
     * @param inputDimension d, the number of raw features of a pair
     */
    TrainingSetEncoder(PolicyArchitecture architecture, PolicyParameters parameters, int inputDimension) {
        this.architecture = architecture;
        this.parameters = parameters;
        this.inputDimension = inputDimension;
        this.width = architecture.hiddenWidth();
    }

    /** @return the width of a pair row, {@code d + 1} */
    int pairDimension() {
        return inputDimension + 1;
    }

    /**
     * Replaces the training pairs (validated and copied).
     *
     * @param standardizedPairs M rows {@code [x₁ … x_d, y]}
     * @throws IllegalArgumentException for a row of the wrong width or a non-finite value
     */
    void conditionOn(double[][] standardizedPairs) {
        double[][] copy = new double[standardizedPairs.length][];
        for (int i = 0; i < copy.length; i++) {
            if (standardizedPairs[i].length != pairDimension()) {
                throw new IllegalArgumentException("training pair " + i + " has " + standardizedPairs[i].length
                        + " values, expected " + pairDimension() + " (d features and the target)");
            }
            for (int j = 0; j < pairDimension(); j++) {
                if (!Double.isFinite(standardizedPairs[i][j])) {
                    throw new IllegalArgumentException("training pair " + i + ", value " + j + " is "
                            + standardizedPairs[i][j] + "; must be finite");
                }
            }
            copy[i] = standardizedPairs[i].clone();
        }
        this.pairs = copy;
        this.input = copy.length == 0 ? null : DenseLayers.fromRows(encoderInput(copy));
    }

    /** Shares another encoder's (immutable once set) pairs and input. */
    void copyPairsFrom(TrainingSetEncoder other) {
        this.pairs = other.pairs;
        this.input = other.input;
    }

    /** {@code [γ(x), y]} of every pair {@code [x, y]}. */
    private double[][] encoderInput(double[][] rows) {
        double[][] features = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            features[i] = Arrays.copyOf(rows[i], inputDimension);
        }
        double[][] mapped = architecture.inputFeatures().apply(features);
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = Arrays.copyOf(mapped[i], mapped[i].length + 1);
            out[i][mapped[i].length] = rows[i][inputDimension];
        }
        return out;
    }

    /** @return a copy of the pairs (empty if none) */
    double[][] pairs() {
        double[][] out = new double[pairs.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = pairs[i].clone();
        }
        return out;
    }

    /** @return the context of the current pairs under the current parameters */
    Context context() {
        return new Context();
    }

    /**
     * The encoder's pass over the current pairs: per-layer activations (for the backward pass), the averaged
     * context {@code t} (1×H) and the first-layer shifts {@code t W₃} (policy head) and {@code t U₃} (flow head).
     */
    final class Context {
        private final int layers = architecture.encoderLayers();
        private final INDArray[] outputs = new INDArray[layers];
        private final int count = pairs.length;
        private final INDArray context;
        /** {@code t W₃}, 1×H. */
        final INDArray headShift;
        /** {@code t U₃}, 1×H. */
        final INDArray flowShift;

        private Context() {
            if (count == 0) {
                context = DenseLayers.matrix(1, width).assign(0);
            } else {
                for (int l = 0; l < layers; l++) {
                    outputs[l] = DenseLayers.matrix(count, width);
                }
                DenseLayers.forward(input, parameters.trainingEncoderWeights(layers),
                        parameters.trainingEncoderBiases(layers), outputs);
                context = DenseLayers.columnSums(outputs[layers - 1], DenseLayers.matrix(1, width)).divi(count);
            }
            headShift = DenseLayers.product(context, false, parameters.get(PolicyParameters.HEAD_TRAIN_WEIGHT),
                    false);
            flowShift = DenseLayers.product(context, false, parameters.get(PolicyParameters.FLOW_TRAIN_WEIGHT),
                    false);
        }

        /** @return t, 1×H */
        INDArray vector() {
            return context;
        }

        /**
         * Writes the gradients of the train-set parameters given the gradients of the two shifts.
         *
         * @param dHeadShift ∂L/∂(t W₃) (1×H), which equals ∂L/∂b of the policy head
         * @param dFlowShift ∂L/∂(t U₃) (1×H), which equals ∂L/∂a of the flow head
         * @param grads      gradient arrays by parameter name
         */
        void backward(INDArray dHeadShift, INDArray dFlowShift, Map<String, INDArray> grads) {
            DenseLayers.product(context, true, dHeadShift, false, grads.get(PolicyParameters.HEAD_TRAIN_WEIGHT));
            DenseLayers.product(context, true, dFlowShift, false, grads.get(PolicyParameters.FLOW_TRAIN_WEIGHT));
            INDArray[] wg = PolicyParameters.layers(grads, layers, true, true);
            INDArray[] bg = PolicyParameters.layers(grads, layers, false, true);
            if (count == 0) {
                for (int l = 0; l < layers; l++) {
                    wg[l].assign(0);
                    bg[l].assign(0);
                }
                return;
            }
            INDArray dContext = DenseLayers.product(dHeadShift, false,
                    parameters.get(PolicyParameters.HEAD_TRAIN_WEIGHT), true);
            DenseLayers.addProduct(dFlowShift, false, parameters.get(PolicyParameters.FLOW_TRAIN_WEIGHT), true,
                    dContext);
            // Every pair's final embedding receives ∂L/∂t / M (the context is their mean).
            INDArray upstream = DenseLayers.matrix(count, width).assign(0).addiRowVector(dContext.divi(count));
            DenseLayers.backward(input, parameters.trainingEncoderWeights(layers), outputs, upstream,
                    DenseLayers.matrix(count, width), wg, bg, new float[2][]);
        }
    }
}
