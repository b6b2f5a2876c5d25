package org.batchgfn.bench;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One tidy CSV file of results (header row, one observation per row), written one finished <em>cell</em> at a
 * time. A cell is identified by the values of the first {@code keyColumns} columns (e.g. strategy, seed set,
 * round); every row of a cell shares them. Recording a cell rewrites the file to a temporary sibling, forces it to
 * disk and renames it over the old file atomically, so a process killed at any moment leaves either the old or the
 * new file, never a torn one; recording a cell that is already present replaces its rows, so a cell is never
 * duplicated. Not thread-safe; one process at a time per file (see {@link RunLock}).
 */
public final class ResultTable {

    private final Path file;
    private final List<String> header;
    private final int keyColumns;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Opens (or starts) a table, reading any rows already on disk.
     *
     * @param file       the CSV file
     * @param header     column names
     * @param keyColumns how many leading columns identify a cell, ≥ 1
     * @throws IllegalArgumentException if an existing file has a different header
     * @throws UncheckedIOException     if it cannot be read
     */
    public ResultTable(Path file, List<String> header, int keyColumns) {
        if (keyColumns < 1 || keyColumns > header.size()) {
            throw new IllegalArgumentException("key columns must be in [1, " + header.size() + "], got " + keyColumns);
        }
        this.file = file;
        this.header = List.copyOf(header);
        this.keyColumns = keyColumns;
        if (Files.exists(file)) {
            rows.addAll(read(file, this.header));
        }
    }

    /**
     * Reads a results file written by this class.
     *
     * @param file           the CSV file
     * @param expectedHeader its columns
     * @return its data rows
     * @throws IllegalArgumentException if the header differs
     */
    public static List<List<String>> read(Path file, List<String> expectedHeader) {
        try (CSVParser p = CSVParser.parse(file, StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            if (!p.getHeaderNames().equals(expectedHeader)) {
                throw new IllegalArgumentException("results file " + file + " has columns " + p.getHeaderNames()
                        + " but this version writes " + expectedHeader + "; move it away or use another --out");
            }
            List<List<String>> out = new ArrayList<>();
            for (CSVRecord r : p) {
                out.add(r.toList());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read results file " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return how many leading columns identify a cell */
    public int keyColumns() {
        return keyColumns;
    }

    /** @return the column names */
    public List<String> header() {
        return header;
    }

    /** @return a copy of every row */
    public List<List<String>> rows() {
        List<List<String>> out = new ArrayList<>();
        for (List<String> r : rows) {
            out.add(List.copyOf(r));
        }
        return out;
    }

    /**
     * @param key the values of the key columns
     * @return whether that cell is recorded
     */
    public boolean has(Object... key) {
        List<String> k = format(List.of(key));
        for (List<String> r : rows) {
            if (r.subList(0, keyColumns).equals(k)) {
                return true;
            }
        }
        return false;
    }

    /** @return the distinct recorded cells, as key-column values, in file order */
    public Set<List<String>> cells() {
        Set<List<String>> out = new LinkedHashSet<>();
        for (List<String> r : rows) {
            out.add(List.copyOf(r.subList(0, keyColumns)));
        }
        return out;
    }

    /**
     * Records one finished cell atomically, replacing any rows it already had.
     *
     * @param cellRows the cell's rows (values are written with {@link String#valueOf}; doubles in full precision),
     *                 all with the same key columns
     * @throws IllegalArgumentException if a row has the wrong width or the rows disagree on the key
     * @throws UncheckedIOException     if writing fails (the previous file is left intact)
     */
    public void record(List<List<?>> cellRows) {
        if (cellRows.isEmpty()) {
            throw new IllegalArgumentException("a cell needs at least one row");
        }
        List<List<String>> add = new ArrayList<>();
        for (List<?> r : cellRows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("row " + r + " has " + r.size() + " values but " + file.getFileName()
                        + " has " + header.size() + " columns " + header);
            }
            add.add(format(r));
        }
        List<String> key = add.get(0).subList(0, keyColumns);
        for (List<String> r : add) {
            if (!r.subList(0, keyColumns).equals(key)) {
                throw new IllegalArgumentException("rows of one cell must share the key " + key + ", got " + r);
            }
        }
        List<List<String>> next = new ArrayList<>();
        for (List<String> r : rows) {
            if (!r.subList(0, keyColumns).equals(key)) {
                next.add(r);
            }
        }
        next.addAll(add);
        write(next);
        rows.clear();
        rows.addAll(next);
    }

    private void write(List<List<String>> all) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                         .setHeader(header.toArray(String[]::new)).build())) {
                for (List<String> r : all) {
                    printer.printRecord(r);
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param values a row's values
     * @return them as {@link #record} writes them ({@link String#valueOf}; doubles in full precision)
     */
    static List<String> format(List<?> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(v instanceof Double d ? Double.toString(d) : String.valueOf(v));
        }
        return out;
    }
}
