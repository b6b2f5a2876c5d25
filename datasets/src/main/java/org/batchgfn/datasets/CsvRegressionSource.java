package org.batchgfn.datasets;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.OutputFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;
import org.tribuo.provenance.DataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A single-target regression data set read from a CSV file with a header row. The target column becomes the
 * regression dimension (named after the column); the features are the columns listed in {@code featureColumns},
 * or, if that list is empty, every other column in file order. Every cell used must be a finite decimal number.
 * Each row becomes an {@link ArrayExample} holding all its features, explicit zeros included, so every example
 * has the same feature set.
 * <p>
 * Rows are read once, in {@link #postConfig()}; the provenance records the file's SHA-256 hash and modification
 * time at that moment. Use {@link CsvFeatureTable#read(Path, List)} with {@link #featureColumns()} to read an
 * unlabelled pool with the same features.
 */
public final class CsvRegressionSource implements ConfigurableDataSource<Regressor> {

    @Config(mandatory = true, description = "Path of the CSV file; its first line is the header.")
    private Path dataPath;

    @Config(mandatory = true, description = "Name of the target (regression) column.")
    private String targetColumn;

    @Config(description = "Feature column names in the order wanted; empty means every column but the target.")
    private List<String> featureColumns = new ArrayList<>();

    private final RegressionFactory factory = new RegressionFactory();

    private List<String> resolvedFeatures;
    private List<Example<Regressor>> examples;
    private String sha256;
    private OffsetDateTime fileModifiedTime;

    /** For OLCUT. */
    private CsvRegressionSource() {
    }

    /**
     * Reads every column but the target as a feature.
     *
     * @param dataPath     the CSV file
     * @param targetColumn the target column's header name
     * @throws CsvFormatException   naming file, line and column if the file does not hold a numeric table with
     *                              that target
     * @throws UncheckedIOException if the file cannot be read
     */
    public CsvRegressionSource(Path dataPath, String targetColumn) {
        this(dataPath, targetColumn, List.of());
    }

    /**
     * Reads the given feature columns.
     *
     * @param dataPath       the CSV file
     * @param targetColumn   the target column's header name
     * @param featureColumns feature columns in the order wanted; empty means every column but the target
     * @throws PropertyException    if the target is blank, or the feature list repeats a name or names the target
     * @throws CsvFormatException   naming file, line and column if the file is malformed or lacks a column
     * @throws UncheckedIOException if the file cannot be read
     */
    public CsvRegressionSource(Path dataPath, String targetColumn, List<String> featureColumns) {
        this.dataPath = dataPath;
        this.targetColumn = targetColumn;
        this.featureColumns = new ArrayList<>(featureColumns);
        postConfig();
    }

    /**
     * Validates the configuration and reads the file. Used by OLCUT; not to be called by external code.
     */
    @Override
    public void postConfig() {
        if (dataPath == null) {
            throw new PropertyException("", "dataPath", "dataPath must be set");
        }
        if (targetColumn == null || targetColumn.isBlank()) {
            throw new PropertyException("", "targetColumn", "targetColumn must be a non-blank column name");
        }
        if (featureColumns.contains(targetColumn)) {
            throw new PropertyException("", "featureColumns",
                    "featureColumns must not include the target column '" + targetColumn + "'");
        }
        if (!featureColumns.isEmpty()) {
            try {
                CsvFeatureTable.checkColumnList(featureColumns);
            } catch (IllegalArgumentException e) {
                throw new PropertyException("", "featureColumns", e.getMessage());
            }
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dataPath);
            fileModifiedTime = OffsetDateTime.ofInstant(Files.getLastModifiedTime(dataPath).toInstant(),
                    ZoneOffset.UTC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV file " + dataPath + ": " + e.getMessage(), e);
        }
        sha256 = sha256Hex(bytes);

        NumericCsvFile csv = NumericCsvFile.read(dataPath);
        int target = csv.columnIndex(targetColumn, "target");
        List<String> names = new ArrayList<>();
        if (featureColumns.isEmpty()) {
            for (String c : csv.header()) {
                if (!c.equals(targetColumn)) {
                    names.add(c);
                }
            }
            if (names.isEmpty()) {
                throw new CsvFormatException(dataPath, csv.headerLine(), targetColumn,
                        "the target is the only column; at least one feature column is required");
            }
        } else {
            names.addAll(featureColumns);
        }
        int[] index = new int[names.size()];
        for (int j = 0; j < index.length; j++) {
            index[j] = csv.columnIndex(names.get(j), "feature");
        }
        String[] featureNames = names.toArray(new String[0]);
        List<Example<Regressor>> rows = new ArrayList<>(csv.numRows());
        for (int i = 0; i < csv.numRows(); i++) {
            double[] x = new double[index.length];
            for (int j = 0; j < index.length; j++) {
                x[j] = csv.number(i, index[j]);
            }
            double y = csv.number(i, target);
            rows.add(new ArrayExample<>(new Regressor(targetColumn, y), featureNames, x));
        }
        this.resolvedFeatures = List.copyOf(names);
        this.examples = Collections.unmodifiableList(rows);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** @return the CSV file */
    public Path dataPath() {
        return dataPath;
    }

    /** @return the target column name, also the regression dimension name */
    public String targetColumn() {
        return targetColumn;
    }

    /** @return the feature columns actually read, in order (the explicit list, or all but the target) */
    public List<String> featureColumns() {
        return resolvedFeatures;
    }

    /** @return the number of data rows read */
    public int numRows() {
        return examples.size();
    }

    /** @return a new Tribuo dataset holding the rows, with this source's provenance */
    public MutableDataset<Regressor> toDataset() {
        return new MutableDataset<>(this);
    }

    @Override
    public OutputFactory<Regressor> getOutputFactory() {
        return factory;
    }

    @Override
    public DataSourceProvenance getProvenance() {
        return new CsvRegressionSourceProvenance(this);
    }

    @Override
    public Iterator<Example<Regressor>> iterator() {
        return examples.iterator();
    }

    @Override
    public String toString() {
        return "CsvRegressionSource(dataPath=" + dataPath + ",targetColumn=" + targetColumn
                + ",featureColumns=" + resolvedFeatures + ")";
    }

    /**
     * Provenance for {@link CsvRegressionSource}: the configuration plus the file's SHA-256 hash and modification
     * time when it was read.
     */
    public static final class CsvRegressionSourceProvenance extends SkeletalConfiguredObjectProvenance
            implements ConfiguredDataSourceProvenance {
        private static final long serialVersionUID = 1L;

        private final Map<String, PrimitiveProvenance<?>> instanceValues;

        CsvRegressionSourceProvenance(CsvRegressionSource host) {
            super(host, "DataSource");
            Map<String, PrimitiveProvenance<?>> values = new HashMap<>();
            values.put(RESOURCE_HASH, new StringProvenance(RESOURCE_HASH, host.sha256));
            values.put(FILE_MODIFIED_TIME, new DateTimeProvenance(FILE_MODIFIED_TIME, host.fileModifiedTime));
            this.instanceValues = Collections.unmodifiableMap(values);
        }

        /**
         * Rebuilds the provenance from its marshalled form.
         *
         * @param map the field values
         */
        public CsvRegressionSourceProvenance(Map<String, Provenance> map) {
            this(extractProvenanceInfo(map));
        }

        private CsvRegressionSourceProvenance(ExtractedInfo info) {
            super(info);
            this.instanceValues = Collections.unmodifiableMap(new HashMap<>(info.instanceValues));
        }

        private static ExtractedInfo extractProvenanceInfo(Map<String, Provenance> map) {
            Map<String, Provenance> configuredParameters = new HashMap<>(map);
            String owner = CsvRegressionSourceProvenance.class.getSimpleName();
            String className = ObjectProvenance.checkAndExtractProvenance(configuredParameters, CLASS_NAME,
                    StringProvenance.class, owner).getValue();
            String hostShortName = ObjectProvenance.checkAndExtractProvenance(configuredParameters, HOST_SHORT_NAME,
                    StringProvenance.class, owner).getValue();
            Map<String, PrimitiveProvenance<?>> instanceValues = new HashMap<>();
            instanceValues.put(RESOURCE_HASH, ObjectProvenance.checkAndExtractProvenance(configuredParameters,
                    RESOURCE_HASH, StringProvenance.class, owner));
            instanceValues.put(FILE_MODIFIED_TIME, ObjectProvenance.checkAndExtractProvenance(configuredParameters,
                    FILE_MODIFIED_TIME, DateTimeProvenance.class, owner));
            return new ExtractedInfo(className, hostShortName, configuredParameters, instanceValues);
        }

        @Override
        public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
            return instanceValues;
        }

        @Override
        public boolean equals(Object o) {
            return super.equals(o) && o instanceof CsvRegressionSourceProvenance
                    && instanceValues.equals(((CsvRegressionSourceProvenance) o).instanceValues);
        }

        @Override
        public int hashCode() {
            return 31 * super.hashCode() + instanceValues.hashCode();
        }
    }
}
