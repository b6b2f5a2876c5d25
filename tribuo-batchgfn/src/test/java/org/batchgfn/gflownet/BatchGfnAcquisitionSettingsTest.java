package org.batchgfn.gflownet;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.loss.FlowBaseline;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gflownet.train.TrainingBudget;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@link BatchGfnAcquisition} keeps every {@link TrainerSettings} component: each one is changed in turn (found by
 * reflection over the record, so a component added later is covered without editing this test; a component that
 * is itself a record, such as the {@code TrainingBudget}, is changed one of its own components at a time), and the
 * strategy
 * built from those settings, and the one OLCUT rebuilds from its provenance, report exactly those settings.
 */
class BatchGfnAcquisitionSettingsTest {

    /** A valid value different from {@code v}, for every component type the record has. */
    private static Object changed(Object v) {
        if (v instanceof Integer i) {
            return i + 3;
        }
        if (v instanceof Double d) {
            return d * 1.5 + (d == 0 ? 0.25 : 0);
        }
        if (v instanceof Boolean b) {
            return !b;
        }
        if (v instanceof Enum<?> e) {
            Object[] all = e.getDeclaringClass().getEnumConstants();
            return all[(e.ordinal() + 1) % all.length];
        }
        throw new AssertionError("add a perturbation for component type " + v.getClass());
    }

    /** Copies of {@code base} with one component changed, for each component (recursively into records). */
    private static <R extends Record> List<R> eachComponentChanged(R base) throws Exception {
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) base.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int k = 0; k < components.length; k++) {
            types[k] = components[k].getType();
        }
        Constructor<R> canonical = type.getDeclaredConstructor(types);
        List<R> out = new ArrayList<>();
        for (int k = 0; k < components.length; k++) {
            Object value = components[k].getAccessor().invoke(base);
            List<?> variants = value instanceof Record r ? eachComponentChanged(r) : List.of(changed(value));
            for (Object variant : variants) {
                Object[] args = new Object[components.length];
                for (int j = 0; j < components.length; j++) {
                    args[j] = components[j].getAccessor().invoke(base);
                }
                args[k] = variant;
                R s = canonical.newInstance(args);
                assertNotEquals(base, s, components[k].getName());
                out.add(s);
            }
        }
        return out;
    }

    private static BatchGfnAcquisition rebuilt(BatchGfnAcquisition original) {
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(original.getProvenance()));
        return (BatchGfnAcquisition) cm.lookup("batchgfnacquisition-0");
    }

    @Test
    void everySettingSurvivesTheConstructorAndAProvenanceRoundTrip() throws Exception {
        TrainerSettings base = new TrainerSettings(20, 4, 1e-3, 0.1, 0.9, 0.1);
        List<TrainerSettings> variants = eachComponentChanged(base);
        assertEquals(TrainerSettings.class.getRecordComponents().length - 1
                + TrainingBudget.class.getRecordComponents().length, variants.size());
        for (TrainerSettings s : variants) {
            BatchGfnAcquisition strategy = new BatchGfnAcquisition(new PolicyArchitecture(16, 2), s, 5);
            assertEquals(s, strategy.trainerSettings());
            assertEquals(s, rebuilt(strategy).trainerSettings());
            assertEquals(s, strategy.withOnnxSampling(false).trainerSettings(), "copies keep the settings too");
        }
    }

    @Test
    void theFlowBaselineOfTheSettingsIsUsed() {
        // The review's case: given GREEDY_COMPLETION, the strategy used NONE.
        TrainerSettings s = new TrainerSettings(20, 4, 1e-3, 0.1, 0.9, 0.1).withFlowBaseline(
                FlowBaseline.GREEDY_COMPLETION);
        BatchGfnAcquisition strategy = new BatchGfnAcquisition(new PolicyArchitecture(16, 2), s, 5);
        assertEquals(FlowBaseline.GREEDY_COMPLETION, strategy.trainerSettings().flowBaseline());
        assertEquals(FlowBaseline.GREEDY_COMPLETION, rebuilt(strategy).trainerSettings().flowBaseline());
    }
}
