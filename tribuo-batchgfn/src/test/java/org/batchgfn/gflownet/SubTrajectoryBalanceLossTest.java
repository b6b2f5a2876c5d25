package org.batchgfn.gflownet;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pool 4, B = 2: the exact flows by brute force are {@code F({x,y}) = R}, {@code F({x}) = Σ_y R({x,y})·½},
 * {@code F(∅) = Σ_x F({x})·1}, and {@code PF(s'|s) = F(s')PB(s|s')/F(s)}. With the forward-looking split
 * {@code log F = log F̃ + JMI/T} this exact policy has zero SubTB loss on every trajectory; a perturbed one does not.
 */
class SubTrajectoryBalanceLossTest {

    private static final int N = 4;
    private static final double T = 0.5;

    private final JointMutualInformation jmi = new JointMutualInformation(
            ToyPosterior.covariance(ToyPosterior.inputs(N, 21), new double[]{0.2}, 0.7, 0.01), 0.01);

    private double reward(int a, int b) {
        return Math.exp(jmi.value(new int[]{a, b}) / T);
    }

    private double flowSingle(int x) {
        double f = 0;
        for (int y = 0; y < N; y++) {
            if (y != x) {
                f += reward(x, y) * 0.5;
            }
        }
        return f;
    }

    private double flowEmpty() {
        double f = 0;
        for (int x = 0; x < N; x++) {
            f += flowSingle(x);
        }
        return f;
    }

    /** The loss of trajectory (a, b) using the forward-looking parametrisation, with log PF optionally perturbed. */
    private double loss(int a, int b, double perturbation) {
        SubTrajectoryBalanceLoss loss = new SubTrajectoryBalanceLoss(0.9, 2);
        double jmiA = jmi.value(new int[]{a});
        double jmiAb = jmi.value(new int[]{a, b});
        double logFTilde0 = Math.log(flowEmpty());
        double logFTilde1 = Math.log(flowSingle(a)) - jmiA / T;
        double[] logF = {logFTilde0 + 0, logFTilde1 + jmiA / T, 0 + jmiAb / T};
        double pf0 = flowSingle(a) * 1.0 / flowEmpty();
        double pf1 = reward(a, b) * 0.5 / flowSingle(a);
        double[] logPf = {Math.log(pf0) + perturbation, Math.log(pf1)};
        double[] logPb = {SetConstructionEnvironment.logBackwardProbability(1),
                SetConstructionEnvironment.logBackwardProbability(2)};
        return loss.trajectoryLoss(logF, logPf, logPb);
    }

    @Test
    void exactPolicyHasZeroLossAndPerturbedPositive() {
        double pfSum = 0;
        for (int a = 0; a < N; a++) {
            pfSum += flowSingle(a) / flowEmpty();
            for (int b = 0; b < N; b++) {
                if (a != b) {
                    assertEquals(0.0, loss(a, b, 0.0), 1e-20);
                    assertTrue(loss(a, b, 0.1) > 1e-4);
                }
            }
        }
        assertEquals(1.0, pfSum, 1e-12);
    }

    /** Hand-computed value for B = 1: one sub-trajectory with weight λ, normalised to weight 1. */
    @Test
    void singleStepLossIsSquaredResidual() {
        SubTrajectoryBalanceLoss loss = new SubTrajectoryBalanceLoss(0.9, 1);
        double r = 1.0 + (-0.5) - 2.0 - (-0.1);
        assertEquals(r * r, loss.trajectoryLoss(new double[]{1.0, 2.0}, new double[]{-0.5}, new double[]{-0.1}),
                1e-15);
    }

    /** B = 2, λ = 0.5: pairs (0,1), (1,2) weight ½ and (0,2) weight ¼, normalised by 5/4. */
    @Test
    void weightsFollowLambdaPowers() {
        SubTrajectoryBalanceLoss loss = new SubTrajectoryBalanceLoss(0.5, 2);
        double[] logF = {0.3, -0.2, 1.1};
        double[] pf = {-0.7, -1.3};
        double[] pb = {0.0, -Math.log(2)};
        double r01 = logF[0] + pf[0] - pb[0] - logF[1];
        double r12 = logF[1] + pf[1] - pb[1] - logF[2];
        double r02 = logF[0] + pf[0] + pf[1] - pb[0] - pb[1] - logF[2];
        double expected = (0.5 * r01 * r01 + 0.5 * r12 * r12 + 0.25 * r02 * r02) / 1.25;
        assertEquals(expected, loss.trajectoryLoss(logF, pf, pb), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> loss.trajectoryLoss(new double[2], pf, pb));
        assertThrows(IllegalArgumentException.class, () -> new SubTrajectoryBalanceLoss(0.0, 2));
        assertThrows(IllegalArgumentException.class, () -> new SubTrajectoryBalanceLoss(0.9, 0));
    }

    /** The analytic gradient matches central differences of the loss, for every input. */
    @Test
    void gradientMatchesFiniteDifferences() {
        SubTrajectoryBalanceLoss loss = new SubTrajectoryBalanceLoss(0.8, 3);
        double[] logF = {0.4, -0.3, 1.2, 0.7};
        double[] pf = {-1.1, -0.6, -2.0};
        double[] pb = {0.0, -Math.log(2), -Math.log(3)};
        double[][] g = loss.trajectoryGradient(logF, pf, pb);
        double eps = 1e-6;
        for (int k = 0; k < logF.length; k++) {
            double[] up = logF.clone();
            double[] down = logF.clone();
            up[k] += eps;
            down[k] -= eps;
            double fd = (loss.trajectoryLoss(up, pf, pb) - loss.trajectoryLoss(down, pf, pb)) / (2 * eps);
            assertEquals(fd, g[0][k], 1e-8, "logF " + k);
        }
        for (int k = 0; k < pf.length; k++) {
            double[] up = pf.clone();
            double[] down = pf.clone();
            up[k] += eps;
            down[k] -= eps;
            double fd = (loss.trajectoryLoss(logF, up, pb) - loss.trajectoryLoss(logF, down, pb)) / (2 * eps);
            assertEquals(fd, g[1][k], 1e-8, "logPF " + k);
        }
    }

    /** At the exact policy the loss is at its minimum, so its gradient vanishes. */
    @Test
    void exactPolicyHasZeroGradient() {
        SubTrajectoryBalanceLoss loss = new SubTrajectoryBalanceLoss(0.9, 2);
        int a = 1;
        int b = 3;
        double jmiA = jmi.value(new int[]{a});
        double[] logF = {Math.log(flowEmpty()), Math.log(flowSingle(a)), jmi.value(new int[]{a, b}) / T};
        double[] logPf = {Math.log(flowSingle(a) / flowEmpty()), Math.log(reward(a, b) * 0.5 / flowSingle(a))};
        double[] logPb = {SetConstructionEnvironment.logBackwardProbability(1),
                SetConstructionEnvironment.logBackwardProbability(2)};
        double[][] g = loss.trajectoryGradient(logF, logPf, logPb);
        for (double[] row : g) {
            for (double v : row) {
                assertEquals(0.0, v, 1e-12);
            }
        }
        assertTrue(Math.abs(jmiA) > 0);
        logPf[0] += 0.1;
        assertTrue(Math.abs(loss.trajectoryGradient(logF, logPf, logPb)[1][0]) > 1e-3);
    }
}
