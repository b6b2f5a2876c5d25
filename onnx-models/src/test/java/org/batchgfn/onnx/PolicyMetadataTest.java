package org.batchgfn.onnx;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
