package org.batchgfn.gflownet.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trained policy as plain values, independent of any pool: what is carried from one acquisition round to the next
 * and what a campaign state file stores. It holds the network's shape, whether it is conditioned on the training set,
 * the standardisation of pool features and training targets fixed when the policy was first built, and every
 * parameter as a named float32 array with its shape. It reads and writes a {@link PolicyNetwork} only through
 * {@link PolicyNetwork#parameters()} (names, shapes and values), so it does not depend on how the network stores or
 * computes with them. The parameters do not depend on the pool size N or the batch size B. Immutable (the arrays are
 * copied in and out).
 *
 * @param architecture the network shape
 * @param conditioned  whether the network has the train-set encoder (carry-over mode LOOKAHEAD)
 * @param pairs        the pool-feature and target standardisation of the policy
 * @param parameters   the parameters by name, in the network's order
 */
public record CarriedPolicy(PolicyArchitecture architecture, boolean conditioned, TrainingPairs pairs,
                            Map<String, Tensor> parameters) {

    /**
     * One parameter array.
     *
     * @param shape  its dimensions
     * @param values its values, row-major, as many as the shape's product
     */
    public record Tensor(long[] shape, float[] values) {
        /**
         * @throws IllegalArgumentException if the number of values does not match the shape
         */
        public Tensor {
            long n = 1;
            for (long s : shape) {
                if (s < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                n *= s;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                        + values.length);
            }
            shape = shape.clone();
            values = values.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public float[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Tensor" + Arrays.toString(shape);
        }
    }

    /**
     * @throws IllegalArgumentException if a component is null or there are no parameters
     */
    public CarriedPolicy {
        if (architecture == null || pairs == null || parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("a carried policy needs an architecture, a standardisation and "
                    + "parameters");
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * @param network the trained network (float32 or float64 parameters; stored as float32)
     * @param pairs   its standardisation
     * @return the network's parameters as values
     */
    public static CarriedPolicy of(PolicyNetwork network, TrainingPairs pairs) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : network.parameters().entrySet()) {
            double[] v = ParameterArrays.read(e.getValue());
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            params.put(e.getKey(), new Tensor(e.getValue().shape(), f));
        }
        return new CarriedPolicy(network.architecture(), network.isConditioned(), pairs, params);
    }

    /**
     * A float32 network over a pool with these parameters: the pool is standardised with {@link #pairs()}'
     * feature constants.
     *
     * @param rawPool   the pool, raw features (d as the policy was trained with)
     * @param batchSize B, the batch size of the new network
     * @param rng       source of the initial weights the parameters then overwrite (consumed as a fresh network's)
     * @return the network
     * @throws IllegalArgumentException if the pool's width differs from the policy's, or the parameter names or
     *                                  shapes differ from those of a network of this architecture
     */
    public PolicyNetwork onPool(double[][] rawPool, int batchSize, SplittableRandom rng) {
        PolicyNetwork network = new PolicyNetwork(pairs.features().apply(rawPool), architecture,
                batchSize, DataType.FLOAT, rng, conditioned);
        Map<String, INDArray> target = network.parameters();
        if (!target.keySet().equals(parameters.keySet())) {
            throw new IllegalArgumentException("the policy's parameters " + parameters.keySet() + " do not match a "
                    + "network of its architecture, which has " + target.keySet());
        }
        for (Map.Entry<String, INDArray> e : target.entrySet()) {
            Tensor t = parameters.get(e.getKey());
            if (!Arrays.equals(t.shape, e.getValue().shape())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has shape "
                        + Arrays.toString(t.shape) + ", a network of this architecture over d = "
                        + pairs.features().dimension() + " inputs needs " + Arrays.toString(e.getValue().shape()));
            }
            double[] v = new double[t.values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.values[i];
            }
            ParameterArrays.write(e.getValue(), v);
        }
        return network;
    }
}
