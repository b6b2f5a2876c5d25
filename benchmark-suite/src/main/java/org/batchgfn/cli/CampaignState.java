package org.batchgfn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.batchgfn.gflownet.policy.CarriedPolicy;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.gflownet.train.StopReason;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The campaign state file of {@code acquire --strategy batchgfn --state FILE}: everything needed to continue training
 * the policy in the next labelling round, in a documented, versioned binary format (no Java serialisation).
 * <pre>
 * offset  size  content
 * 0       8     magic "BGFNSTAT" (ASCII)
 * 8       4     format version, uint32 little-endian (1)
 * 12      4     header length L in bytes, uint32 little-endian
 * 16      L     header, UTF-8 JSON (below)
 * 16+L    4·P   the parameters' float32 values, little-endian, in the header's parameter order, each row-major
 * end−4   4     CRC-32 of every byte before it, uint32 little-endian
 * </pre>
 * The header holds {@code format} ("batchgfn-campaign-state"), {@code version}, {@code round} (acquisitions done),
 * {@code target} and {@code feature_columns} (the training file's, in the model's feature order), {@code settings}
 * (the BatchGFN strategy's configuration, name → value), {@code history} (per round: training rows and a SHA-256
 * of their values, pool rows and hash, batch size, steps, seconds, lookahead steps, whether it started from the
 * carried policy, the batch's JMI, and {@code stop_reason}: why training stopped, {@code STEPS}, {@code TIME_BUDGET}
 * or {@code CONVERGED}; absent in files written before the training budget existed, which still read),
 * {@code policy} ({@code hidden_width}, {@code encoder_layers}, {@code fourier_features}, {@code fourier_scale},
 * {@code conditioned}, the standardisation {@code feature_mean},
 * {@code feature_scale}, {@code target_mean}, {@code target_scale}, and {@code parameters}: a list of
 * {@code {name, shape}}) and {@code optimizer}. No optimiser moments are stored: Adam restarts at every round, as
 * {@code BatchGfnAcquisition} does when it carries a policy in memory, so a campaign continued from the file makes
 * the same choices as one process running every round. Reading validates the magic, version, sizes (a truncated
 * file), the checksum (a corrupt one) and every field, and fails with one message naming the problem.
 */
final class CampaignState {

    static final String FORMAT = "batchgfn-campaign-state";
    static final int VERSION = 1;
    private static final byte[] MAGIC = "BGFNSTAT".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One acquisition round of the campaign.
     *
     * @param round          1-based
     * @param trainRows      labelled rows the GP and the policy saw
     * @param trainSha256    hash of their feature and target values (model feature order)
     * @param poolRows       candidate rows
     * @param poolSha256     hash of their feature values
     * @param batchSize      B
     * @param steps          training steps on this round's reward
     * @param seconds        their seconds
     * @param fromCarried    whether training started from the carried policy
     * @param lookaheadSteps lookahead training steps after the choice
     * @param jmi            the chosen batch's JMI, nats
     * @param stopReason     why training stopped after {@code steps}, or null if the file predates the budget
     */
    record Round(int round, int trainRows, String trainSha256, int poolRows, String poolSha256, int batchSize,
                 int steps, double seconds, boolean fromCarried, int lookaheadSteps, double jmi,
                 StopReason stopReason) {
    }

    private final List<String> featureColumns;
    private final String target;
    private final Map<String, String> settings;
    private final List<Round> history;
    private final CarriedPolicy policy;

    CampaignState(List<String> featureColumns, String target, Map<String, String> settings, List<Round> history,
                  CarriedPolicy policy) {
        this.featureColumns = List.copyOf(featureColumns);
        this.target = target;
        this.settings = new TreeMap<>(settings);
        this.history = List.copyOf(history);
        this.policy = policy;
    }

    List<String> featureColumns() {
        return featureColumns;
    }

    String target() {
        return target;
    }

    Map<String, String> settings() {
        return settings;
    }

    List<Round> history() {
        return history;
    }

    CarriedPolicy policy() {
        return policy;
    }

    /** @return the number of acquisition rounds done */
    int round() {
        return history.size();
    }

    /**
     * @param round the next round's record
     * @param next  the policy after it
     * @return the state after one more round
     */
    CampaignState after(Round round, CarriedPolicy next) {
        List<Round> h = new ArrayList<>(history);
        h.add(round);
        return new CampaignState(featureColumns, target, settings, h, next);
    }

    /**
     * Checks that this campaign can continue with a run on these columns and settings.
     *
     * @param file     the state file, for messages
     * @param columns  the training file's feature columns, model order
     * @param target   the target column
     * @param current  this run's strategy settings
     * @param exempt   settings that may change from round to round
     * @throws IllegalArgumentException naming what differs
     */
    void checkContinuableWith(Path file, List<String> columns, String target, Map<String, String> current,
                              List<String> exempt) {
        if (!featureColumns.equals(columns)) {
            throw new IllegalArgumentException("--state file " + file + " was trained on feature columns "
                    + featureColumns + " but --train has " + columns + "; use the same columns or a new state file");
        }
        if (!this.target.equals(target)) {
            throw new IllegalArgumentException("--state file " + file + " was trained for target column '"
                    + this.target + "' but --target is '" + target + "'");
        }
        List<String> diffs = new ArrayList<>();
        Map<String, String> all = new TreeMap<>(settings);
        current.forEach(all::putIfAbsent);
        for (String key : all.keySet()) {
            if (!exempt.contains(key) && !String.valueOf(settings.get(key)).equals(String.valueOf(current.get(key)))) {
                diffs.add(key + " " + settings.get(key) + " in the file, " + current.get(key) + " now");
            }
        }
        if (!diffs.isEmpty()) {
            throw new IllegalArgumentException("--state file " + file + " was written with other BatchGFN settings ("
                    + String.join("; ", diffs) + "); rerun with the options of its first round or start a new "
                    + "state file");
        }
    }

    /**
     * Writes the file atomically.
     *
     * @param file the file
     */
    void write(Path file) {
        ObjectNode header = JSON.createObjectNode();
        header.put("format", FORMAT);
        header.put("version", VERSION);
        header.put("round", round());
        header.put("target", target);
        ArrayNode cols = header.putArray("feature_columns");
        featureColumns.forEach(cols::add);
        ObjectNode set = header.putObject("settings");
        settings.forEach(set::put);
        ArrayNode hist = header.putArray("history");
        for (Round r : history) {
            ObjectNode o = hist.addObject();
            o.put("round", r.round());
            o.put("train_rows", r.trainRows());
            o.put("train_sha256", r.trainSha256());
            o.put("pool_rows", r.poolRows());
            o.put("pool_sha256", r.poolSha256());
            o.put("batch_size", r.batchSize());
            o.put("steps", r.steps());
            o.put("seconds", r.seconds());
            o.put("from_carried_policy", r.fromCarried());
            o.put("lookahead_steps", r.lookaheadSteps());
            o.put("jmi", r.jmi());
            if (r.stopReason() != null) {
                o.put("stop_reason", r.stopReason().name());
            }
        }
        ObjectNode p = header.putObject("policy");
        PolicyArchitecture a = policy.architecture();
        p.put("hidden_width", a.hiddenWidth());
        p.put("encoder_layers", a.encoderLayers());
        p.put("fourier_features", a.inputFeatures().count());
        p.put("fourier_scale", a.inputFeatures().scale());
        p.put("conditioned", policy.conditioned());
        doubles(p.putArray("feature_mean"), policy.pairs().features().mean());
        doubles(p.putArray("feature_scale"), policy.pairs().features().scale());
        p.put("target_mean", policy.pairs().targetMean());
        p.put("target_scale", policy.pairs().targetScale());
        ArrayNode params = p.putArray("parameters");
        int floats = 0;
        for (Map.Entry<String, CarriedPolicy.Tensor> e : policy.parameters().entrySet()) {
            ObjectNode o = params.addObject();
            o.put("name", e.getKey());
            ArrayNode shape = o.putArray("shape");
            for (long s : e.getValue().shape()) {
                shape.add(s);
            }
            floats += e.getValue().values().length;
        }
        header.put("optimizer", "none: Adam's moments restart every round, as in BatchGfnAcquisition's in-memory "
                + "carry-over");
        byte[] json;
        try {
            json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the state header: " + e.getMessage(), e);
        }
        ByteBuffer buf = ByteBuffer.allocate(16 + json.length + 4 * floats + 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putInt(json.length).put(json);
        for (CarriedPolicy.Tensor t : policy.parameters().values()) {
            for (float f : t.values()) {
                buf.putFloat(f);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        AtomicFile.write(file, "--state", out -> new DataOutputStream(out).write(buf.array()));
    }

    private static void doubles(ArrayNode array, double[] values) {
        for (double v : values) {
            array.add(v);
        }
    }

    /**
     * Reads and validates a state file.
     *
     * @param file the file
     * @return the state
     * @throws IllegalArgumentException one line naming the file and what is wrong with it
     */
    static CampaignState read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--state file " + file + " cannot be read: " + e.getMessage(), e);
        }
        String where = "--state file " + file;
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(where + " is not a batchgfn campaign state file (no BGFNSTAT magic)");
        }
        if (bytes.length < 20) {
            throw new IllegalArgumentException(where + " is truncated: " + bytes.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int version = buf.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException(where + " has format version " + Integer.toUnsignedString(version)
                    + "; this batchgfn reads version " + VERSION);
        }
        long headerLength = Integer.toUnsignedLong(buf.getInt());
        if (16 + headerLength + 4 > bytes.length) {
            throw new IllegalArgumentException(where + " is truncated: its header needs " + headerLength
                    + " bytes, the file has " + bytes.length + " in all");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        JsonNode h;
        try {
            h = JSON.readTree(new String(bytes, 16, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is corrupt or truncated: its header is not valid JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        try {
            if (!FORMAT.equals(text(h, "format"))) {
                throw new IllegalArgumentException("header format is '" + text(h, "format") + "', expected '"
                        + FORMAT + "'");
            }
            JsonNode p = field(h, "policy");
            List<String> names = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            long floats = 0;
            for (JsonNode param : array(p, "parameters")) {
                names.add(text(param, "name"));
                JsonNode shapeNode = array(param, "shape");
                long[] shape = new long[shapeNode.size()];
                long n = 1;
                for (int k = 0; k < shape.length; k++) {
                    shape[k] = shapeNode.get(k).asLong(-1);
                    if (shape[k] < 0) {
                        throw new IllegalArgumentException("parameter " + names.get(names.size() - 1)
                                + " has an invalid shape " + shapeNode);
                    }
                    n *= shape[k];
                }
                shapes.add(shape);
                floats += n;
            }
            long expected = 16 + headerLength + 4 * floats + 4;
            if (bytes.length != expected) {
                throw new IllegalArgumentException((bytes.length < expected ? "truncated" : "too long") + ": the "
                        + "header describes " + expected + " bytes, the file has " + bytes.length);
            }
            if ((int) crc.getValue() != stored) {
                throw new IllegalArgumentException("corrupt: checksum mismatch (stored CRC-32 "
                        + Integer.toHexString(stored) + ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
            buf.position((int) (16 + headerLength));
            Map<String, CarriedPolicy.Tensor> params = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                long n = 1;
                for (long s : shapes.get(i)) {
                    n *= s;
                }
                float[] v = new float[(int) n];
                for (int k = 0; k < v.length; k++) {
                    v[k] = buf.getFloat();
                }
                params.put(names.get(i), new CarriedPolicy.Tensor(shapes.get(i), v));
            }
            PolicyArchitecture arch = new PolicyArchitecture(integer(p, "hidden_width"),
                    integer(p, "encoder_layers"), new FourierFeatures(integer(p, "fourier_features"),
                    number(p, "fourier_scale")));
            TrainingPairs pairs = TrainingPairs.of(PoolStandardizer.of(numbers(p, "feature_mean"),
                    numbers(p, "feature_scale")), number(p, "target_mean"), number(p, "target_scale"));
            CarriedPolicy policy = new CarriedPolicy(arch, bool(p, "conditioned"), pairs, params);
            List<String> cols = new ArrayList<>();
            for (JsonNode c : array(h, "feature_columns")) {
                cols.add(c.asText());
            }
            if (cols.size() != pairs.features().dimension()) {
                throw new IllegalArgumentException(cols.size() + " feature columns but a standardisation of "
                        + pairs.features().dimension());
            }
            Map<String, String> settings = new TreeMap<>();
            field(h, "settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
            List<Round> history = new ArrayList<>();
            for (JsonNode r : array(h, "history")) {
                history.add(new Round(integer(r, "round"), integer(r, "train_rows"), text(r, "train_sha256"),
                        integer(r, "pool_rows"), text(r, "pool_sha256"), integer(r, "batch_size"),
                        integer(r, "steps"), number(r, "seconds"), bool(r, "from_carried_policy"),
                        integer(r, "lookahead_steps"), number(r, "jmi"), stopReason(r)));
            }
            if (history.size() != integer(h, "round")) {
                throw new IllegalArgumentException("round " + integer(h, "round") + " but " + history.size()
                        + " rounds of history");
            }
            return new CampaignState(cols, text(h, "target"), settings, history, policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is invalid: " + e.getMessage(), e);
        }
    }

    /** The optional {@code stop_reason} of a history entry. */
    private static StopReason stopReason(JsonNode round) {
        JsonNode f = round.get("stop_reason");
        if (f == null || f.isNull()) {
            return null;
        }
        for (StopReason r : StopReason.values()) {
            if (r.name().equals(f.asText())) {
                return r;
            }
        }
        throw new IllegalArgumentException("'stop_reason' is " + f + ", not one of "
                + Arrays.toString(StopReason.values()));
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode f = node.get(name);
        if (f == null || f.isNull()) {
            throw new IllegalArgumentException("the header lacks '" + name + "'");
        }
        return f;
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode f = field(node, name);
        if (!f.isArray()) {
            throw new IllegalArgumentException("'" + name + "' is not a list");
        }
        return f;
    }

    private static String text(JsonNode node, String name) {
        JsonNode f = field(node, name);
        if (!f.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' is not a string");
        }
        return f.asText();
    }

    private static int integer(JsonNode node, String name) {
        JsonNode f = field(node, name);
        if (!f.canConvertToInt() || !f.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + name + "' is not an integer");
        }
        return f.asInt();
    }

    private static double number(JsonNode node, String name) {
        JsonNode f = field(node, name);
        if (!f.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' is not a number");
        }
        return f.asDouble();
    }

    private static double[] numbers(JsonNode node, String name) {
        JsonNode f = array(node, name);
        double[] out = new double[f.size()];
        for (int i = 0; i < out.length; i++) {
            if (!f.get(i).isNumber()) {
                throw new IllegalArgumentException("'" + name + "' holds a non-number");
            }
            out[i] = f.get(i).asDouble();
        }
        return out;
    }

    private static boolean bool(JsonNode node, String name) {
        JsonNode f = field(node, name);
        if (!f.isBoolean()) {
            throw new IllegalArgumentException("'" + name + "' is not true or false");
        }
        return f.asBoolean();
    }
}
