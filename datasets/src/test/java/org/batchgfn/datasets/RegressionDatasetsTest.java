package org.batchgfn.datasets;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegressionDatasetsTest {

    /** SHA-256 of the shipped files, as printed by sha256sum when they were derived (tools/ script). */
    @Test
    void shippedFilesHaveTheRecordedChecksums() throws Exception {
        List<String> expected = List.of(
                "diabetes 4769be8c48099e81ff9ec687ec619a07acc4989dfa6807cb9b1b811b17557d04",
                "engel 94732e2f008fe0d6594832c68536b93cc092353cb3b8916df1498a9ae7a3a238",
                "fair 264e012dc192135482b2d57b59079cf077a1b37def6092619296ef82d14067e2",
                "randhie 498488d1192a0d9088c40654616bab6d5a6e0277b867f11cb56c16d552ee50ce",
                "macrodata 9681680eb4097ee8794bdd0267e62e3c35ff055c96a9cd11b67c19b437a85133");
        assertEquals(expected.size(), RegressionDatasets.available().size());
        for (String line : expected) {
            String[] parts = line.split(" ");
            RegressionDatasetInfo info = RegressionDatasets.info(parts[0]);
            try (InputStream in = RegressionDatasets.class.getResourceAsStream(info.resource())) {
                byte[] bytes = in.readAllBytes();
                assertEquals(parts[1], HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                        parts[0]);
            }
        }
    }

    /** Sizes and first rows as they are in the Debian packages' source files. */
    @Test
    void loadsEverySetWithItsRowsAndColumns() {
        int[] rows = {442, 235, 6366, 20190, 203};
        int[] widths = {10, 1, 8, 9, 5};
        List<String> names = RegressionDatasets.names();
        for (int i = 0; i < names.size(); i++) {
            MutableDataset<Regressor> d = RegressionDatasets.load(names.get(i));
            assertEquals(rows[i], d.size(), names.get(i));
            assertEquals(widths[i], d.getFeatureMap().size(), names.get(i));
        }
        // diabetes_data_raw.csv.gz line 1: "59 2 32.1 101.0 157 93.2 38.0 4.0 4.8598 87"; target 151.
        Example<Regressor> first = RegressionDatasets.load("diabetes").getExample(0);
        assertEquals(151.0, first.getOutput().getValues()[0]);
        assertEquals(32.1, valueOf(first, "bmi"));
        assertEquals(4.8598, valueOf(first, "s5"));
        // macrodata.csv row 1959Q1: realgdp 2710.349, unemp 5.8.
        Example<Regressor> m = RegressionDatasets.load("macrodata").getExample(0);
        assertEquals(5.8, m.getOutput().getValues()[0]);
        assertEquals(2710.349, valueOf(m, "realgdp"));
    }

    @Test
    void unknownNamesAreRefusedWithTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegressionDatasets.load("boston"));
        assertTrue(e.getMessage().contains("unknown data set 'boston'") && e.getMessage().contains("diabetes"),
                e.getMessage());
    }

    private static double valueOf(Example<Regressor> e, String feature) {
        for (var f : e) {
            if (f.getName().equals(feature)) {
                return f.getValue();
            }
        }
        throw new AssertionError("no feature " + feature);
    }
}
