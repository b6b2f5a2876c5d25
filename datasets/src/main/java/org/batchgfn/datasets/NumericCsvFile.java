package org.batchgfn.datasets;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CSV file with a header row, checked for shape (non-empty, unique non-empty header names, one cell per column on
 * every row, at least one data row) and read into memory as text, with the 1-based line number of every row.
 * Cells are converted to numbers on request, column by column, so that columns nobody asked for may hold anything.
 * Blank lines are skipped. Cells and header names are trimmed of surrounding whitespace.
 */
final class NumericCsvFile {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(false) // skipped here instead, so that line numbers stay exact
            .setTrim(true)
            .build();

    /** A plain decimal number, optionally in scientific notation; no hex, no type suffixes. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** Spellings of non-finite values that Java would parse. */
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

    private final Path file;
    private final List<String> header;
    private final long headerLine;
    private final List<String[]> rows;
    private final long[] rowLines;

    private NumericCsvFile(Path file, List<String> header, long headerLine, List<String[]> rows, long[] rowLines) {
        this.file = file;
        this.header = header;
        this.headerLine = headerLine;
        this.rows = rows;
        this.rowLines = rowLines;
    }

    /**
     * Reads and checks a file.
     *
     * @param file the CSV file, UTF-8, first non-blank line the header
     * @return the parsed file
     * @throws CsvFormatException   if the file is empty, has no data rows, a blank or duplicate header name, or a
     *                              row whose cell count differs from the header's
     * @throws UncheckedIOException if the file cannot be read
     */
    static NumericCsvFile read(Path file) {
        List<String> header = null;
        long headerLine = 0;
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        long previousEnd = 0;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            var it = parser.iterator();
            while (it.hasNext()) {
                CSVRecord rec = it.next(); // next() after hasNext() does not read ahead
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue; // blank line
                }
                if (header == null) {
                    header = checkHeader(file, line, rec.toList());
                    headerLine = line;
                } else {
                    if (rec.size() != header.size()) {
                        throw new CsvFormatException(file, line, null, "expected " + header.size()
                                + " cells (one per header column) but found " + rec.size());
                    }
                    rows.add(rec.values());
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV file " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            // Commons CSV reports malformed quoting as an UncheckedIOException from its iterator.
            throw new CsvFormatException(file, previousEnd + 1, null, "malformed CSV: " + e.getCause().getMessage());
        }
        if (header == null) {
            throw new CsvFormatException(file, 1, null, "the file is empty; a header row naming the columns is required");
        }
        if (rows.isEmpty()) {
            throw new CsvFormatException(file, headerLine, null, "the file has a header row but no data rows");
        }
        long[] rowLines = lines.stream().mapToLong(Long::longValue).toArray();
        return new NumericCsvFile(file, List.copyOf(header), headerLine, rows, rowLines);
    }

    private static List<String> checkHeader(Path file, long line, List<String> names) {
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            if (name.isEmpty()) {
                throw new CsvFormatException(file, line, null, "header cell " + (c + 1) + " is empty; every column needs a name");
            }
            Integer first = seen.putIfAbsent(name, c);
            if (first != null) {
                throw new CsvFormatException(file, line, name, "duplicate header name (header cells " + (first + 1)
                        + " and " + (c + 1) + ")");
            }
        }
        return names;
    }

    /** @return the file read */
    Path file() {
        return file;
    }

    /** @return the header names in file order */
    List<String> header() {
        return header;
    }

    /** @return the 1-based line number of the header row */
    long headerLine() {
        return headerLine;
    }

    /** @return the number of data rows */
    int numRows() {
        return rows.size();
    }

    /**
     * @param name the column name
     * @param role what the column is for, e.g. "target" or "feature", used in the error message
     * @return the column's 0-based position
     * @throws CsvFormatException naming the available columns if there is no such column
     */
    int columnIndex(String name, String role) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new CsvFormatException(file, headerLine, name, "missing " + role + " column; available columns: "
                    + header);
        }
        return index;
    }

    /**
     * Converts one cell to a finite double.
     *
     * @param row    0-based data row
     * @param column 0-based column position
     * @return the value
     * @throws CsvFormatException if the cell is empty, not a decimal number, NaN or infinite
     */
    double number(int row, int column) {
        String cell = rows.get(row)[column];
        if (cell.isEmpty()) {
            throw new CsvFormatException(file, rowLines[row], header.get(column), "empty cell; a number is required");
        }
        if (NON_FINITE.matcher(cell).matches()) {
            throw new CsvFormatException(file, rowLines[row], header.get(column),
                    "NaN or infinite value '" + cell + "'; values must be finite");
        }
        if (!DECIMAL.matcher(cell).matches()) {
            throw new CsvFormatException(file, rowLines[row], header.get(column),
                    "non-numeric value '" + cell + "'");
        }
        double value = Double.parseDouble(cell);
        if (!Double.isFinite(value)) {
            throw new CsvFormatException(file, rowLines[row], header.get(column),
                    "value '" + cell + "' overflows to an infinite double; values must be finite");
        }
        return value;
    }
}
