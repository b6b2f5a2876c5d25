package org.batchgfn.datasets;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvRegressionSourceTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static Map<String, Double> features(Example<Regressor> e) {
        Map<String, Double> m = new HashMap<>();
        for (Feature f : e) {
            m.put(f.getName(), f.getValue());
        }
        return m;
    }

    @Test
    void roundTripKeepsAllFeaturesIncludingZeros() throws IOException {
        Path p = write("train.csv", "a,target,b\n1.5,2.0,0\n0,-3e-1,4\n-0.0,7,0.0\n");
        CsvRegressionSource source = new CsvRegressionSource(p, "target");
        assertEquals(List.of("a", "b"), source.featureColumns());
        MutableDataset<Regressor> d = source.toDataset();
        assertEquals(3, d.size());
        assertEquals(2, d.getFeatureMap().size());
        double[][] expectedX = {{1.5, 0.0}, {0.0, 4.0}, {0.0, 0.0}};
        double[] expectedY = {2.0, -0.3, 7.0};
        for (int i = 0; i < 3; i++) {
            Example<Regressor> e = d.getExample(i);
            assertEquals(2, e.size(), "explicit zeros are kept in row " + i);
            Map<String, Double> f = features(e);
            assertEquals(expectedX[i][0], f.get("a"), 0.0);
            assertEquals(expectedX[i][1], f.get("b"), 0.0);
            assertArrayEquals(new String[]{"target"}, e.getOutput().getNames());
            assertEquals(expectedY[i], e.getOutput().getValues()[0], 0.0);
        }
    }

    @Test
    void explicitFeatureListSelectsColumns() throws IOException {
        Path p = write("train.csv", "id,x1,x2,y\nfoo,1,2,3\nbar,4,5,6\n");
        // "id" is not numeric, but it is not read.
        CsvRegressionSource source = new CsvRegressionSource(p, "y", List.of("x2", "x1"));
        assertEquals(List.of("x2", "x1"), source.featureColumns());
        List<Example<Regressor>> rows = source.toDataset().getData();
        assertEquals(Map.of("x1", 4.0, "x2", 5.0), features(rows.get(1)));
        assertEquals(6.0, rows.get(1).getOutput().getValues()[0], 0.0);
    }

    @Test
    void featureTableReadsPoolColumnsInTrainingOrderWithoutTarget() throws IOException {
        Path train = write("train.csv", "a,b,y\n1,2,3\n");
        Path pool = write("pool.csv", "b,extra,a\n20,x,10\n0,y,0\n\n-5,z,1e2\n");
        CsvRegressionSource source = new CsvRegressionSource(train, "y");
        CsvFeatureTable table = CsvFeatureTable.read(pool, source.featureColumns());
        assertEquals(List.of("a", "b"), table.columnNames());
        assertEquals(3, table.numRows());
        assertArrayEquals(new double[][]{{10, 20}, {0, 0}, {100, -5}}, table.toArray());
        assertEquals(100.0, table.value(2, 0), 0.0);
    }

    @Test
    void provenanceRebuildsTheSourceAndRecordsTheFileHash() throws IOException {
        Path p = write("train.csv", "a,y\n1,2\n3,4\n");
        CsvRegressionSource source = new CsvRegressionSource(p, "y", List.of("a"));
        var prov = (CsvRegressionSource.CsvRegressionSourceProvenance) source.getProvenance();
        // SHA-256 of the bytes, computed independently of the source.
        String expectedHash;
        try {
            expectedHash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest("a,y\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        assertEquals(expectedHash, prov.getInstanceValues().get("resource-hash").getValue());
        List<ConfigurationData> configs = ProvenanceUtil.extractConfiguration(prov);
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(configs);
        CsvRegressionSource rebuilt = (CsvRegressionSource) cm.lookup(configs.get(0).getName());
        assertEquals(List.of("a"), rebuilt.featureColumns());
        assertEquals(2, rebuilt.numRows());
        assertEquals(prov, rebuilt.getProvenance());
    }

    private CsvFormatException sourceError(String name, String content, String target) throws IOException {
        Path p = write(name, content);
        return assertThrows(CsvFormatException.class, () -> new CsvRegressionSource(p, target));
    }

    private static void assertMessage(CsvFormatException e, String file, long line, String column,
                                      String... fragments) {
        String m = e.getMessage();
        assertTrue(m.contains(file), m);
        assertTrue(m.contains("line " + line), m);
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        if (column != null) {
            assertTrue(m.contains("'" + column + "'"), m);
        }
        for (String f : fragments) {
            assertTrue(m.contains(f), "expected '" + f + "' in: " + m);
        }
    }

    @Test
    void missingTargetListsAvailableColumns() throws IOException {
        CsvFormatException e = sourceError("notarget.csv", "a,b\n1,2\n", "y");
        assertMessage(e, "notarget.csv", 1, "y", "missing target column", "[a, b]");
    }

    @Test
    void missingFeatureColumnInPoolFile() throws IOException {
        Path pool = write("pool.csv", "\n\na,c\n1,2\n");
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> CsvFeatureTable.read(pool, List.of("a", "b")));
        assertMessage(e, "pool.csv", 3, "b", "missing feature column", "[a, c]");
    }

    @Test
    void readExactlyAcceptsAnyOrderAndTheIgnoredColumn() throws IOException {
        Path withTarget = write("test-y.csv", "b,y,a\n1,9,2\n3,9,4\n");
        CsvFeatureTable t = CsvFeatureTable.readExactly(withTarget, List.of("a", "b"), "y");
        assertEquals(List.of("a", "b"), t.columnNames());
        assertArrayEquals(new double[][]{{2, 1}, {4, 3}}, t.toArray());
        Path withoutTarget = write("test.csv", "b,a\n1,2\n");
        assertArrayEquals(new double[][]{{2, 1}},
                CsvFeatureTable.readExactly(withoutTarget, List.of("a", "b"), "y").toArray());
        // The ignored column is not converted: it may hold anything.
        Path textTarget = write("test-text.csv", "a,b,y\n1,2,unknown\n");
        assertArrayEquals(new double[][]{{1, 2}},
                CsvFeatureTable.readExactly(textTarget, List.of("a", "b"), "y").toArray());
    }

    @Test
    void readExactlyNamesMissingAndUnexpectedColumns() throws IOException {
        Path p = write("pool-cols.csv", "\na,c,y,d\n1,2,3,4\n");
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> CsvFeatureTable.readExactly(p, List.of("a", "b"), "y"));
        assertMessage(e, "pool-cols.csv", 2, null, "exactly the features [a, b]", "optionally with 'y'",
                "missing: [b]", "not expected: [c, d]");
        Path extraOnly = write("extra.csv", "a,b,y\n1,2,3\n");
        CsvFormatException noIgnored = assertThrows(CsvFormatException.class,
                () -> CsvFeatureTable.readExactly(extraOnly, List.of("a", "b"), null));
        assertMessage(noIgnored, "extra.csv", 1, null, "not expected: [y]");
        assertThrows(IllegalArgumentException.class,
                () -> CsvFeatureTable.readExactly(extraOnly, List.of("a", "y"), "y"));
    }

    @Test
    void badCellsNameLineAndColumn() throws IOException {
        assertMessage(sourceError("text.csv", "a,y\n1,2\n3,abc\n", "y"), "text.csv", 3, "y",
                "non-numeric", "abc");
        assertMessage(sourceError("hex.csv", "a,y\n0x1p3,2\n", "y"), "hex.csv", 2, "a", "non-numeric");
        assertMessage(sourceError("empty-cell.csv", "a,y\r\n1,2\r\n,5\r\n", "y"), "empty-cell.csv", 3, "a",
                "empty cell");
        assertMessage(sourceError("nan.csv", "a,y\n1,2\n\n3,NaN\n", "y"), "nan.csv", 4, "y", "NaN or infinite");
        assertMessage(sourceError("inf.csv", "a,y\n-Infinity,2\n", "y"), "inf.csv", 2, "a", "NaN or infinite");
        assertMessage(sourceError("overflow.csv", "a,y\n1e999,2\n", "y"), "overflow.csv", 2, "a", "infinite");
        // A quoted cell spanning two lines: the next record starts on line 4.
        Path multiline = write("multiline.csv", "a,note,y\n1,\"two\nlines\",2\n5,x,oops\n");
        assertMessage(assertThrows(CsvFormatException.class,
                        () -> new CsvRegressionSource(multiline, "y", List.of("a"))),
                "multiline.csv", 4, "y", "non-numeric", "oops");
    }

    @Test
    void poolCellErrorsToo() throws IOException {
        Path pool = write("pool-bad.csv", "a,b\n1,2\n3,\n");
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> CsvFeatureTable.read(pool, List.of("b", "a")));
        assertMessage(e, "pool-bad.csv", 3, "b", "empty cell");
    }

    @Test
    void structuralErrors() throws IOException {
        assertMessage(sourceError("empty.csv", "", "y"), "empty.csv", 1, null, "empty", "header");
        assertMessage(sourceError("blank.csv", "\n\n", "y"), "blank.csv", 1, null, "empty");
        assertMessage(sourceError("header-only.csv", "a,y\n", "y"), "header-only.csv", 1, null, "no data rows");
        assertMessage(sourceError("short-row.csv", "a,b,y\n1,2,3\n4,5\n", "y"), "short-row.csv", 3, null,
                "expected 3 cells", "found 2");
        assertMessage(sourceError("long-row.csv", "a,y\n1,2,3\n", "y"), "long-row.csv", 2, null,
                "expected 2 cells", "found 3");
        assertMessage(sourceError("dup.csv", "a,y,a\n1,2,3\n", "y"), "dup.csv", 1, "a", "duplicate header",
                "1 and 3");
        assertMessage(sourceError("noname.csv", "a,,y\n1,2,3\n", "y"), "noname.csv", 1, null, "header cell 2",
                "empty");
        assertMessage(sourceError("only-target.csv", "y\n1\n", "y"), "only-target.csv", 1, "y",
                "only column");
    }

    @Test
    void badConfigurationIsRejectedBeforeReading() throws IOException {
        Path p = write("ok.csv", "a,y\n1,2\n");
        assertEquals("featureColumns", assertThrows(PropertyException.class,
                () -> new CsvRegressionSource(p, "y", List.of("a", "y"))).getProperty());
        assertEquals("featureColumns", assertThrows(PropertyException.class,
                () -> new CsvRegressionSource(p, "y", List.of("a", "a"))).getProperty());
        assertEquals("targetColumn", assertThrows(PropertyException.class,
                () -> new CsvRegressionSource(p, " ")).getProperty());
        assertThrows(IllegalArgumentException.class, () -> CsvFeatureTable.read(p, List.of()));
        assertThrows(java.io.UncheckedIOException.class,
                () -> new CsvRegressionSource(dir.resolve("absent.csv"), "y"));
    }
}
