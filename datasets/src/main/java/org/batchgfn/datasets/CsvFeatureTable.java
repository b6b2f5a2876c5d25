package org.batchgfn.datasets;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Named numeric columns read from a CSV file into a dense row-major matrix, e.g. an unlabelled pool whose file may
 * lack the target column. Columns are read by name in the order the caller gives (normally the training features,
 * see {@link CsvRegressionSource#featureColumns()}), so the matrix lines up with the training data whatever the
 * column order in the file; other columns, the target included, are ignored by {@link #read}, while
 * {@link #readExactly} rejects a file whose columns are not exactly the features (plus optionally the target).
 * Immutable.
 */
public final class CsvFeatureTable {

    private final Path file;
    private final List<String> columnNames;
    private final double[][] values;

    private CsvFeatureTable(Path file, List<String> columnNames, double[][] values) {
        this.file = file;
        this.columnNames = columnNames;
        this.values = values;
    }

    /**
     * Reads the given columns of a CSV file with a header row.
     *
     * @param file        the CSV file (UTF-8)
     * @param featureColumns the columns to read, in the order wanted; non-empty, no duplicates
     * @return the table
     * @throws IllegalArgumentException if {@code featureColumns} is empty or has duplicates
     * @throws CsvFormatException       naming file, line and column if the file is malformed, lacks one of the
     *                                  columns, or a cell of one of them is empty, non-numeric, NaN or infinite
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static CsvFeatureTable read(Path file, List<String> featureColumns) {
        Objects.requireNonNull(file, "file");
        List<String> names = checkColumnList(featureColumns);
        return fromColumns(file, names, NumericCsvFile.read(file));
    }

    private static CsvFeatureTable fromColumns(Path file, List<String> names, NumericCsvFile csv) {
        int[] index = new int[names.size()];
        for (int j = 0; j < index.length; j++) {
            index[j] = csv.columnIndex(names.get(j), "feature");
        }
        double[][] values = new double[csv.numRows()][index.length];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < index.length; j++) {
                values[i][j] = csv.number(i, index[j]);
            }
        }
        return new CsvFeatureTable(file, names, values);
    }

    /**
     * Reads a file whose columns must be exactly the given features, in any order, plus optionally one other
     * column that is ignored (typically the target, which an unlabelled pool or a test file may or may not hold).
     * Use it where every column of a file is meant to be a feature, so that a missing, misspelt or extra column is
     * reported instead of silently read or dropped.
     *
     * @param file           the CSV file (UTF-8)
     * @param featureColumns the feature columns, in the order wanted; non-empty, no duplicates
     * @param ignoredColumn  a column that may be present and is then ignored, or {@code null} for none
     * @return the table, columns in the order of {@code featureColumns}
     * @throws IllegalArgumentException if {@code featureColumns} is empty, has duplicates or holds
     *                                  {@code ignoredColumn}
     * @throws CsvFormatException       naming file and header line, the missing and the unexpected columns, if the
     *                                  columns differ; naming file, line and column for a malformed file or a bad
     *                                  cell
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static CsvFeatureTable readExactly(Path file, List<String> featureColumns, String ignoredColumn) {
        Objects.requireNonNull(file, "file");
        List<String> names = checkColumnList(featureColumns);
        if (ignoredColumn != null && names.contains(ignoredColumn)) {
            throw new IllegalArgumentException("the ignored column '" + ignoredColumn
                    + "' cannot also be a feature column");
        }
        NumericCsvFile csv = NumericCsvFile.read(file);
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!csv.header().contains(name)) {
                missing.add(name);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : csv.header()) {
            if (!names.contains(name) && !name.equals(ignoredColumn)) {
                unexpected.add(name);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder problem = new StringBuilder("the columns must be exactly the features ").append(names)
                    .append(" in any order");
            if (ignoredColumn != null) {
                problem.append(", optionally with '").append(ignoredColumn).append("'");
            }
            if (!missing.isEmpty()) {
                problem.append("; missing: ").append(missing);
            }
            if (!unexpected.isEmpty()) {
                problem.append("; not expected: ").append(unexpected);
            }
            throw new CsvFormatException(file, csv.headerLine(), null, problem.toString());
        }
        return fromColumns(file, names, csv);
    }

    /** Checks a caller's column list: non-empty, no null/blank or duplicate names. */
    static List<String> checkColumnList(List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("the list of feature columns is empty; name at least one column");
        }
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("feature column names must be non-blank, got " + columns);
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("feature column '" + c + "' is listed twice in " + columns);
            }
        }
        return List.copyOf(columns);
    }

    /** @return the file read */
    public Path file() {
        return file;
    }

    /** @return the column names, in matrix column order */
    public List<String> columnNames() {
        return columnNames;
    }

    /** @return number of data rows */
    public int numRows() {
        return values.length;
    }

    /** @return number of columns read */
    public int numColumns() {
        return columnNames.size();
    }

    /**
     * @param row    0-based data row
     * @param column 0-based position in {@link #columnNames()}
     * @return the value
     */
    public double value(int row, int column) {
        return values[row][column];
    }

    /** @return a fresh copy of the values, {@code [numRows][numColumns]} */
    public double[][] toArray() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }
}
