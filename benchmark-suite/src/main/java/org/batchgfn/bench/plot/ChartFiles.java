package org.batchgfn.bench.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Saves an XChart chart as {@code NAME.png} and {@code NAME.svg} in a folder, each written to a temporary file
 * first and renamed, so a report never links to a half-written picture. Runs headless.
 */
public final class ChartFiles {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartFiles() {
    }

    /**
     * @param chart the chart
     * @param dir   the output folder (created if missing)
     * @param name  the base file name without extension
     * @return the PNG file (the SVG sits beside it)
     * @throws UncheckedIOException if writing fails
     */
    public static Path save(Chart<?, ?> chart, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve(name + ".png");
            Path svg = dir.resolve(name + ".svg");
            Path tmpPng = dir.resolve("." + name + ".tmp.png");
            Path tmpSvg = dir.resolve("." + name + ".tmp.svg");
            BitmapEncoder.saveBitmapWithDPI(chart, tmpPng.toString(), BitmapEncoder.BitmapFormat.PNG, 120);
            VectorGraphicsEncoder.saveVectorGraphic(chart, tmpSvg.toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            Files.move(tmpPng, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmpSvg, svg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + name + " to " + dir + ": " + e.getMessage(), e);
        }
    }
}
