package org.batchgfn.gflownet.policy;

import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 engine's gradient check: central finite differences of the double-precision reference
 * ({@link ReferencePolicyNetwork}, the previous engine) at the engine's parameters. First the reference's own
 * analytic gradient must match them to 1e-6 (it is exact), then the engine's gradient must match them to relative
 * 1e-3 and the reference's analytic gradient likewise, and the losses to relative 1e-5. Both use SubTB with λ = 0.9.
 */
public final class EngineGradientCheck {

    private EngineGradientCheck() {
    }

    /**
     * @param engine      the float32 network
     * @param pool        its standardised pool
     * @param batch       trajectories
     * @param temperature T
     * @param names       the parameters to check (first, middle and last entry of each)
     * @return how many checked entries had a finite difference above 1e-6
     */
    public static int assertEngineGradientsExact(PolicyNetwork engine, double[][] pool, List<Trajectory> batch,
                                                 double temperature, Iterable<String> names) {
        SubTrajectoryBalanceLoss loss = new SubTrajectoryBalanceLoss(0.9, engine.batchSize());
        ReferencePolicyNetwork ref = ReferencePolicyNetwork.of(engine, pool, loss);
        var refLg = ref.lossAndGradients(batch, temperature);
        var lg = loss.lossAndGradients(engine, batch, temperature);
        assertEquals(refLg.loss(), lg.loss(), 1e-5 * (1 + Math.abs(refLg.loss())), "engine loss vs reference");
        int nonZero = 0;
        for (String name : names) {
            INDArray p = ref.parameters().get(name);
            INDArray g = lg.gradients().get(name);
            INDArray rg = refLg.gradients().get(name);
            assertArrayEquals(p.shape(), g.shape(), name);
            for (long idx : new long[]{0, p.length() / 2, p.length() - 1}) {
                double orig = p.getDouble(idx);
                double eps = 1e-6;
                p.putScalar(idx, orig + eps);
                double up = ref.loss(batch, temperature);
                p.putScalar(idx, orig - eps);
                double down = ref.loss(batch, temperature);
                p.putScalar(idx, orig);
                double fd = (up - down) / (2 * eps);
                String where = name + "[" + idx + "]";
                assertEquals(fd, rg.getDouble(idx), 1e-6 * (1 + Math.abs(fd)), "reference " + where);
                assertEquals(fd, g.getDouble(idx), 1e-3 * (1 + Math.abs(fd)), "float32 engine " + where);
                assertEquals(rg.getDouble(idx), g.getDouble(idx), 1e-3 * (1 + Math.abs(fd)),
                        "float32 engine vs reference " + where);
                if (Math.abs(fd) > 1e-6) {
                    nonZero++;
                }
            }
        }
        assertTrue(nonZero > 0, "every checked finite difference was zero");
        return nonZero;
    }
}
