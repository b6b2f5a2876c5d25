package org.batchgfn.onnx;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyMetadataTest {

    private static PolicyMetadata example() {
        return new PolicyMetadata(2, 8, 2, 3, 0.1, "jmi", new double[]{0.1 + 0.2, -1e-300},
                new double[]{1.0 / 3, 7}, "{\"a\":1}");
    }

    @Test
    void roundTripsExactly() throws Exception {
        PolicyMetadata m = example();
        PolicyMetadata back = PolicyMetadata.fromProperties(m.toProperties(), "test");
        assertEquals(2, back.inputDimension());
        assertEquals(8, back.hiddenWidth());
        assertEquals(2, back.encoderLayers());
        assertEquals(3, back.batchSize());
        assertEquals(0.1, back.temperature());
        assertEquals("jmi", back.rewardName());
        assertArrayEquals(m.featureMean(), back.featureMean());
        assertArrayEquals(m.featureScale(), back.featureScale());
        assertEquals("{\"a\":1}", back.provenanceJson());
    }

    @Test
    void conditionedMetadataRoundTripsExactly() throws Exception {
        PolicyMetadata m = example().conditioned(0.1 + 0.2, 1.0 / 3);
        Map<String, String> props = m.toProperties();
        assertEquals(Integer.toString(PolicyFormat.VERSION), props.get(PolicyMetadata.KEY_FORMAT_VERSION));
        assertEquals("true", props.get(PolicyMetadata.KEY_CONDITIONED));
        PolicyMetadata back = PolicyMetadata.fromProperties(props, "test");
        assertTrue(back.isConditioned());
        assertEquals(0.1 + 0.2, back.targetMean());
        assertEquals(1.0 / 3, back.targetScale());
        assertArrayEquals(m.featureMean(), back.featureMean());
        assertEquals(props, back.toProperties());
        assertTrue(back.toString().contains("conditioned"), back.toString());
    }

    /** Unconditioned metadata is written as version 1 with no conditioning keys: the pre-conditioning format. */
    @Test
    void unconditionedMetadataIsVersionOne() throws Exception {
        Map<String, String> props = example().toProperties();
        assertEquals("1", props.get(PolicyMetadata.KEY_FORMAT_VERSION));
        assertFalse(props.containsKey(PolicyMetadata.KEY_CONDITIONED));
        PolicyMetadata back = PolicyMetadata.fromProperties(props, "test");
        assertFalse(back.isConditioned());
        IllegalStateException e = assertThrows(IllegalStateException.class, back::targetScale);
        assertTrue(e.getMessage().contains("not conditioned"), e.getMessage());
    }

    @Test
    void namesTheMissingOrMalformedConditioningKey() {
        Map<String, String> props = new java.util.HashMap<>(example().conditioned(2, 3).toProperties());
        props.remove(PolicyMetadata.KEY_TARGET_SCALE);
        InvalidPolicyModelException missing = assertThrows(InvalidPolicyModelException.class,
                () -> PolicyMetadata.fromProperties(props, "m.onnx"));
        assertTrue(missing.getMessage().contains(PolicyMetadata.KEY_TARGET_SCALE), missing.getMessage());
        props.put(PolicyMetadata.KEY_TARGET_SCALE, "0");
        InvalidPolicyModelException zero = assertThrows(InvalidPolicyModelException.class,
                () -> PolicyMetadata.fromProperties(props, "m.onnx"));
        assertTrue(zero.getMessage().contains("target standardisation"), zero.getMessage());
        props.put(PolicyMetadata.KEY_CONDITIONED, "yes");
        InvalidPolicyModelException flag = assertThrows(InvalidPolicyModelException.class,
                () -> PolicyMetadata.fromProperties(props, "m.onnx"));
        assertTrue(flag.getMessage().contains("'yes'") && flag.getMessage().contains("true or false"),
                flag.getMessage());
        assertThrows(IllegalArgumentException.class, () -> example().conditioned(Double.NaN, 1));
    }

    @Test
    void namesTheMissingOrMalformedKey() {
        Map<String, String> props = new java.util.HashMap<>(example().toProperties());
        props.remove(PolicyMetadata.KEY_HIDDEN_WIDTH);
        InvalidPolicyModelException missing = assertThrows(InvalidPolicyModelException.class,
                () -> PolicyMetadata.fromProperties(props, "m.onnx"));
        assertTrue(missing.getMessage().contains("m.onnx") && missing.getMessage().contains("batchgfn.hidden_width"),
                missing.getMessage());
        props.put(PolicyMetadata.KEY_HIDDEN_WIDTH, "wide");
        InvalidPolicyModelException malformed = assertThrows(InvalidPolicyModelException.class,
                () -> PolicyMetadata.fromProperties(props, "m.onnx"));
        assertTrue(malformed.getMessage().contains("'wide'"), malformed.getMessage());
        props.put(PolicyMetadata.KEY_HIDDEN_WIDTH, "8");
        props.put(PolicyMetadata.KEY_FEATURE_SCALE, "1,0");
        InvalidPolicyModelException zeroScale = assertThrows(InvalidPolicyModelException.class,
                () -> PolicyMetadata.fromProperties(props, "m.onnx"));
        assertTrue(zeroScale.getMessage().contains("input 1"), zeroScale.getMessage());
        props.put(PolicyMetadata.KEY_FORMAT_VERSION, "99");
        InvalidPolicyModelException version = assertThrows(InvalidPolicyModelException.class,
                () -> PolicyMetadata.fromProperties(props, "m.onnx"));
        assertTrue(version.getMessage().contains("version 99"), version.getMessage());
    }
}
