package org.batchgfn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a results CSV read back by column name, so a report does not depend on column positions.
 */
public final class ResultRow {

    private final List<String> header;
    private final List<String> values;

    private ResultRow(List<String> header, List<String> values) {
        this.header = header;
        this.values = values;
    }

    /**
     * Reads a results file written by {@link ResultTable}; a missing file has no rows.
     *
     * @param file    the CSV file
     * @param columns the columns this version writes (the file must have exactly these)
     * @return its rows, in file order
     * @throws IllegalArgumentException if the header differs
     */
    public static List<ResultRow> read(Path file, List<String> columns) {
        List<ResultRow> out = new ArrayList<>();
        if (Files.exists(file)) {
            List<String> header = List.copyOf(columns);
            for (List<String> r : ResultTable.read(file, header)) {
                out.add(new ResultRow(header, r));
            }
        }
        return out;
    }

    /** @return the cells in column order (for parsers that take a whole row) */
    public List<String> values() {
        return List.copyOf(values);
    }

    /**
     * @param column a column name
     * @return the cell's text
     * @throws IllegalArgumentException for a column the file does not have
     */
    public String get(String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + column + "' among " + header);
        }
        return values.get(i);
    }

    /**
     * @param column a column name
     * @return the cell as a number
     */
    public double num(String column) {
        return Double.parseDouble(get(column));
    }

    /**
     * @param column a column name
     * @return the cell as an integer
     */
    public int integer(String column) {
        return Integer.parseInt(get(column));
    }
}
