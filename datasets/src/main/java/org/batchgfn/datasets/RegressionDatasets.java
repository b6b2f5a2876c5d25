package org.batchgfn.datasets;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Public regression data sets shipped with the library, loaded by name as Tribuo datasets: real tabular problems
 * of a few hundred to twenty thousand rows for benchmarking acquisition strategies beyond the toy task. Each is a
 * gzip-compressed CSV derived (columns chosen, values copied verbatim) from a file of a Debian package, by
 * {@code datasets/tools/derive_regression_data.py}; its SHA-256 is checked on every load. {@code vega-datasets} is
 * deliberately not among them (it is reserved for held-out evaluation).
 */
public final class RegressionDatasets {

    private static final String STATSMODELS = "Debian python3-statsmodels 0.13.5+dfsg-7, statsmodels/datasets/";
    private static final String SKLEARN = "Debian python3-sklearn 1.2.1+dfsg-1, sklearn/datasets/data/";

    private static final List<RegressionDatasetInfo> ALL = List.of(
            new RegressionDatasetInfo("diabetes", "442 diabetes patients (Efron et al. 2004, Least Angle "
                    + "Regression): age, sex, body-mass index, blood pressure and six blood serum measurements "
                    + "(unscaled); target: disease progression one year after baseline", 442,
                    List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"), "progression",
                    SKLEARN + "diabetes_data_raw.csv.gz and diabetes_target.csv.gz", "BSD-3-Clause (scikit-learn)",
                    "4769be8c48099e81ff9ec687ec619a07acc4989dfa6807cb9b1b811b17557d04"),
            new RegressionDatasetInfo("engel", "235 Belgian working-class households, 1857 (Engel): annual "
                    + "household income; target: annual food expenditure, Belgian francs", 235,
                    List.of("income"), "foodexp", STATSMODELS + "engel/engel.csv", "BSD-3-Clause (statsmodels)",
                    "94732e2f008fe0d6594832c68536b93cc092353cb3b8916df1498a9ae7a3a238"),
            new RegressionDatasetInfo("fair", "6366 married women, 1974 Redbook survey (Fair 1978): marriage "
                    + "rating, age, years married, children, religiousness, education, occupation, husband's "
                    + "occupation; target: time spent in extramarital affairs", 6366,
                    List.of("rate_marriage", "age", "yrs_married", "children", "religious", "educ", "occupation",
                            "occupation_husb"), "affairs", STATSMODELS + "fair/fair.csv",
                    "BSD-3-Clause (statsmodels; included with permission of the author)",
                    "264e012dc192135482b2d57b59079cf077a1b37def6092619296ef82d14067e2"),
            new RegressionDatasetInfo("randhie", "20190 person-years of the RAND Health Insurance Experiment: "
                    + "log coinsurance, deductible indicator, log participation incentive, log maximum expenditure, "
                    + "physical limitation, chronic diseases, self-rated health; target: outpatient visits to a "
                    + "medical doctor", 20190,
                    List.of("lncoins", "idp", "lpi", "fmde", "physlm", "disea", "hlthg", "hlthf", "hlthp"), "mdvis",
                    STATSMODELS + "randhie/randhie.csv", "public domain",
                    "498488d1192a0d9088c40654616bab6d5a6e0277b867f11cb56c16d552ee50ce"),
            new RegressionDatasetInfo("macrodata", "203 quarters of US macroeconomic data, 1959Q1-2009Q3: real "
                    + "GDP, consumption, investment, government spending and disposable income (five features); "
                    + "target: unemployment rate, percent", 203,
                    List.of("realgdp", "realcons", "realinv", "realgovt", "realdpi"), "unemp",
                    STATSMODELS + "macrodata/macrodata.csv", "public domain",
                    "9681680eb4097ee8794bdd0267e62e3c35ff055c96a9cd11b67c19b437a85133"));

    private RegressionDatasets() {
    }

    /** @return every shipped data set, in a fixed order */
    public static List<RegressionDatasetInfo> available() {
        return ALL;
    }

    /** @return the names of the shipped data sets */
    public static List<String> names() {
        return ALL.stream().map(RegressionDatasetInfo::name).collect(Collectors.toList());
    }

    /**
     * @param name a data set name
     * @return what is known about it
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static RegressionDatasetInfo info(String name) {
        for (RegressionDatasetInfo i : ALL) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + name + "'; available: " + names());
    }

    /**
     * The data set's CSV text (header row, then one row per example), decompressed, after checking its SHA-256.
     *
     * @param name a data set name
     * @return the CSV bytes, UTF-8
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException    if the resource is missing or its checksum differs (a corrupt build)
     */
    public static byte[] csv(String name) {
        RegressionDatasetInfo info = info(name);
        byte[] gz;
        try (InputStream in = RegressionDatasets.class.getResourceAsStream(info.resource())) {
            if (in == null) {
                throw new IllegalStateException("data set resource " + info.resource() + " is missing from the "
                        + "class path");
            }
            gz = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + info.resource() + ": " + e.getMessage(), e);
        }
        String actual = sha256(gz);
        if (!actual.equals(info.sha256())) {
            throw new IllegalStateException("data set resource " + info.resource() + " has SHA-256 " + actual
                    + " but " + info.sha256() + " was shipped; the build is corrupt");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decompress " + info.resource() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a shipped data set as a Tribuo regression dataset: one {@link ArrayExample} per row with every
     * feature (explicit zeros included), the target as the regression dimension named after its column.
     *
     * @param name a data set name, one of {@link #names()}
     * @return the dataset, rows in file order
     * @throws IllegalArgumentException for an unknown name
     */
    public static MutableDataset<Regressor> load(String name) {
        RegressionDatasetInfo info = info(name);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> out = new MutableDataset<>(new SimpleDataSourceProvenance(
                "shipped data set " + name + " (" + info.source() + "; sha256 " + info.sha256() + ")", factory),
                factory);
        String[] features = info.featureColumns().toArray(String[]::new);
        try (CSVParser p = CSVParser.parse(new InputStreamReader(new ByteArrayInputStream(csv(name)),
                StandardCharsets.UTF_8), CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            List<String> expected = new ArrayList<>(info.featureColumns());
            expected.add(info.targetColumn());
            if (!p.getHeaderNames().equals(expected)) {
                throw new IllegalStateException(info.resource() + " has columns " + p.getHeaderNames() + ", expected "
                        + expected);
            }
            for (CSVRecord r : p) {
                double[] x = new double[features.length];
                for (int k = 0; k < features.length; k++) {
                    x[k] = Double.parseDouble(r.get(k));
                }
                double y = Double.parseDouble(r.get(features.length));
                out.add(new ArrayExample<>(new Regressor(info.targetColumn(), y), features, x));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + info.resource() + ": " + e.getMessage(), e);
        }
        if (out.size() != info.rows()) {
            throw new IllegalStateException(info.resource() + " has " + out.size() + " rows, expected " + info.rows());
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
