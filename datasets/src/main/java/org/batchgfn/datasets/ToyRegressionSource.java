package org.batchgfn.datasets;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
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

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws {@code numSamples} points of the paper's toy 1-D regression task (appendix A.1): {@code x ~ N(0, 1)},
 * {@code y = f(x) + eps} with {@code eps ~ N(0, noiseStd^2)} and f the {@link ToyRegressionFunction}.
 * <p>
 * Each example has the single feature {@value #FEATURE_NAME} and the regression dimension {@value #OUTPUT_NAME}.
 * The points are a deterministic function of {@code (numSamples, noiseStd, seed)}: a {@link Random} seeded with
 * {@code seed} draws x then the standard normal noise, point by point, so the same seed gives the same x values
 * whatever the noise level, and a larger {@code numSamples} extends the shorter sample.
 * Modelled on Tribuo's {@code NonlinearGaussianDataSource}.
 */
public final class ToyRegressionSource implements ConfigurableDataSource<Regressor> {

    /** Name of the single input feature. */
    public static final String FEATURE_NAME = "x";

    /** Name of the regression dimension. */
    public static final String OUTPUT_NAME = "y";

    /** The paper's observation noise standard deviation. */
    public static final double DEFAULT_NOISE_STD = 0.1;

    private static final String[] FEATURE_NAMES = {FEATURE_NAME};

    @Config(mandatory = true, description = "The number of points to draw (> 0).")
    private int numSamples;

    @Config(description = "Standard deviation of the Gaussian observation noise (finite, >= 0).")
    private double noiseStd = DEFAULT_NOISE_STD;

    @Config(description = "Seed of the random number generator.")
    private long seed = 0L;

    private final RegressionFactory factory = new RegressionFactory();

    private List<Example<Regressor>> examples;

    /** For OLCUT. */
    private ToyRegressionSource() {
    }

    /**
     * Draws a sample with the paper's noise level {@link #DEFAULT_NOISE_STD}.
     *
     * @param numSamples number of points, &gt; 0
     * @param seed       random seed
     * @throws PropertyException if {@code numSamples <= 0}
     */
    public ToyRegressionSource(int numSamples, long seed) {
        this(numSamples, DEFAULT_NOISE_STD, seed);
    }

    /**
     * Draws a sample.
     *
     * @param numSamples number of points, &gt; 0
     * @param noiseStd   observation noise standard deviation, finite and &gt;= 0
     * @param seed       random seed
     * @throws PropertyException if a parameter is out of range
     */
    public ToyRegressionSource(int numSamples, double noiseStd, long seed) {
        this.numSamples = numSamples;
        this.noiseStd = noiseStd;
        this.seed = seed;
        postConfig();
    }

    /**
     * Validates the configuration and draws the points. Used by the OLCUT configuration system; not to be called
     * by external code.
     *
     * @throws PropertyException if {@code numSamples <= 0} or {@code noiseStd} is negative, NaN or infinite
     */
    @Override
    public void postConfig() {
        if (numSamples <= 0) {
            throw new PropertyException("", "numSamples",
                    "numSamples must be greater than 0, got " + numSamples);
        }
        if (!Double.isFinite(noiseStd) || noiseStd < 0.0) {
            throw new PropertyException("", "noiseStd",
                    "noiseStd must be finite and >= 0, got " + noiseStd);
        }
        Random rng = new Random(seed);
        List<Example<Regressor>> drawn = new ArrayList<>(numSamples);
        for (int i = 0; i < numSamples; i++) {
            double x = rng.nextGaussian();
            double noise = rng.nextGaussian();
            double y = ToyRegressionFunction.value(x) + noiseStd * noise;
            drawn.add(new ArrayExample<>(new Regressor(OUTPUT_NAME, y), FEATURE_NAMES, new double[]{x}));
        }
        this.examples = Collections.unmodifiableList(drawn);
    }

    /** @return the number of points drawn */
    public int numSamples() {
        return numSamples;
    }

    /** @return the observation noise standard deviation */
    public double noiseStd() {
        return noiseStd;
    }

    /** @return the random seed */
    public long seed() {
        return seed;
    }

    /** @return a new Tribuo dataset holding the drawn points, with this source's provenance */
    public MutableDataset<Regressor> toDataset() {
        return new MutableDataset<>(this);
    }

    @Override
    public OutputFactory<Regressor> getOutputFactory() {
        return factory;
    }

    @Override
    public DataSourceProvenance getProvenance() {
        return new ToyRegressionSourceProvenance(this);
    }

    @Override
    public Iterator<Example<Regressor>> iterator() {
        return examples.iterator();
    }

    @Override
    public String toString() {
        return "ToyRegressionSource(numSamples=" + numSamples + ",noiseStd=" + noiseStd + ",seed=" + seed + ")";
    }

    /**
     * Provenance for {@link ToyRegressionSource}: its configured fields fully determine the data.
     */
    public static final class ToyRegressionSourceProvenance extends SkeletalConfiguredObjectProvenance
            implements ConfiguredDataSourceProvenance {
        private static final long serialVersionUID = 1L;

        ToyRegressionSourceProvenance(ToyRegressionSource host) {
            super(host, "DataSource");
        }

        /**
         * Rebuilds the provenance from its marshalled form.
         *
         * @param map the field values
         */
        public ToyRegressionSourceProvenance(Map<String, Provenance> map) {
            super(extractProvenanceInfo(map));
        }

        private static ExtractedInfo extractProvenanceInfo(Map<String, Provenance> map) {
            Map<String, Provenance> configuredParameters = new HashMap<>(map);
            String className = ObjectProvenance.checkAndExtractProvenance(configuredParameters, CLASS_NAME,
                    StringProvenance.class, ToyRegressionSourceProvenance.class.getSimpleName()).getValue();
            String hostShortName = ObjectProvenance.checkAndExtractProvenance(configuredParameters, HOST_SHORT_NAME,
                    StringProvenance.class, ToyRegressionSourceProvenance.class.getSimpleName()).getValue();
            return new ExtractedInfo(className, hostShortName, configuredParameters, Collections.emptyMap());
        }
    }
}
