package org.batchgfn.gp;

import com.google.protobuf.Any;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import org.batchgfn.gp.kernel.KernelType;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

import java.util.List;

/**
 * The protobuf form of a {@link GaussianProcessModel}, for Tribuo 4.3's serialisation ({@code Model.serialize()},
 * {@code Model.deserialize(ModelProto)}, {@code serializeToFile}, {@code deserializeFromFile}). A {@link ModelProto}
 * names the class and version and packs this message in its {@code serialized_data}:
 * <pre>
 * syntax = "proto3";
 * package batchgfn.gp;
 * import "tribuo-core.proto";
 * message GaussianProcessModelProto {
 *   tribuo.core.ModelDataProto metadata = 1;   // name, provenance, feature and output domains
 *   string kernel = 2;                          // KernelType name, e.g. MATERN52
 *   repeated double lengthscales = 3;           // hyperparameters in working units (after standardisation);
 *                                               // lengthscales one per feature, model feature order
 *   double outputscale = 4;
 *   double noise_variance = 5;
 *   double prior_mean = 6;
 *   repeated double input_shift = 7;            // raw = shift + scale * working
 *   repeated double input_scale = 8;
 *   double target_shift = 9;
 *   double target_scale = 10;
 *   repeated double train_inputs = 11;          // M x d working-unit inputs, row-major
 *   repeated double train_targets = 12;         // M working-unit targets
 *   string output_name = 13;
 * }
 * </pre>
 * The descriptor is built in code (no generated classes, so no protoc step in the build) and the message is a
 * {@link DynamicMessage}; its wire format is that of the schema above. Loading refactorises the kernel matrix from the
 * stored working-unit data with the same arithmetic as training, so a loaded model predicts bit-for-bit the same.
 */
final class GaussianProcessModelProto {

    /** The version {@link GaussianProcessModel#serialize()} writes. */
    static final int CURRENT_VERSION = 0;

    static final Descriptors.Descriptor DESCRIPTOR = buildDescriptor();

    private GaussianProcessModelProto() {
    }

    private static Descriptors.Descriptor buildDescriptor() {
        Descriptors.FileDescriptor tribuo = ModelDataProto.getDescriptor().getFile();
        DescriptorProto.Builder msg = DescriptorProto.newBuilder().setName("GaussianProcessModelProto");
        msg.addField(FieldDescriptorProto.newBuilder().setName("metadata").setNumber(1)
                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                .setTypeName("." + ModelDataProto.getDescriptor().getFullName()));
        msg.addField(scalar("kernel", 2, FieldDescriptorProto.Type.TYPE_STRING));
        msg.addField(repeatedDouble("lengthscales", 3));
        msg.addField(scalar("outputscale", 4, FieldDescriptorProto.Type.TYPE_DOUBLE));
        msg.addField(scalar("noise_variance", 5, FieldDescriptorProto.Type.TYPE_DOUBLE));
        msg.addField(scalar("prior_mean", 6, FieldDescriptorProto.Type.TYPE_DOUBLE));
        msg.addField(repeatedDouble("input_shift", 7));
        msg.addField(repeatedDouble("input_scale", 8));
        msg.addField(scalar("target_shift", 9, FieldDescriptorProto.Type.TYPE_DOUBLE));
        msg.addField(scalar("target_scale", 10, FieldDescriptorProto.Type.TYPE_DOUBLE));
        msg.addField(repeatedDouble("train_inputs", 11));
        msg.addField(repeatedDouble("train_targets", 12));
        msg.addField(scalar("output_name", 13, FieldDescriptorProto.Type.TYPE_STRING));
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("batchgfn-gp.proto")
                .setPackage("batchgfn.gp").setSyntax("proto3").addDependency(tribuo.getName())
                .addMessageType(msg).build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[]{tribuo})
                    .findMessageTypeByName("GaussianProcessModelProto");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException("invalid GaussianProcessModelProto schema: " + e.getMessage(), e);
        }
    }

    private static FieldDescriptorProto.Builder scalar(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    private static FieldDescriptorProto.Builder repeatedDouble(String name, int number) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setType(FieldDescriptorProto.Type.TYPE_DOUBLE).setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
    }

    private static Descriptors.FieldDescriptor field(String name) {
        return DESCRIPTOR.findFieldByName(name);
    }

    private static void addAll(DynamicMessage.Builder b, String name, double[] values) {
        Descriptors.FieldDescriptor f = field(name);
        for (double v : values) {
            b.addRepeatedField(f, v);
        }
    }

    /**
     * @param model the model
     * @return its {@link ModelProto}
     */
    static ModelProto serialize(GaussianProcessModel model, ModelDataCarrier<Regressor> carrier) {
        ExactGaussianProcessPosterior post = model.posterior();
        Standardization st = post.standardization();
        DynamicMessage.Builder b = DynamicMessage.newBuilder(DESCRIPTOR);
        b.setField(field("metadata"), carrier.serialize());
        GaussianProcessHyperparameters h = model.hyperparameters();
        b.setField(field("kernel"), post.kernel().type().name());
        addAll(b, "lengthscales", h.lengthscales());
        b.setField(field("outputscale"), h.outputscale());
        b.setField(field("noise_variance"), h.noiseVariance());
        b.setField(field("prior_mean"), h.mean());
        addAll(b, "input_shift", st.inputShift());
        addAll(b, "input_scale", st.inputScale());
        b.setField(field("target_shift"), st.targetShift());
        b.setField(field("target_scale"), st.targetScale());
        double[][] x = post.workingTrainInputs();
        Descriptors.FieldDescriptor inputs = field("train_inputs");
        for (double[] row : x) {
            for (double v : row) {
                b.addRepeatedField(inputs, v);
            }
        }
        addAll(b, "train_targets", post.workingTrainTargets());
        b.setField(field("output_name"), model.outputName());
        return ModelProto.newBuilder().setVersion(CURRENT_VERSION).setClassName(GaussianProcessModel.class.getName())
                .setSerializedData(Any.pack(b.build())).build();
    }

    /**
     * @throws InvalidProtocolBufferException if the message is not a GaussianProcessModelProto
     * @throws IllegalStateException          for an unknown version, class or invalid contents
     */
    @SuppressWarnings("unchecked")
    static GaussianProcessModel deserialize(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalStateException("unknown GaussianProcessModel serialisation version " + version
                    + "; this library reads versions 0 to " + CURRENT_VERSION);
        }
        if (!GaussianProcessModel.class.getName().equals(className)) {
            throw new IllegalStateException("invalid class name " + className + " for a GaussianProcessModel");
        }
        if (!message.getTypeUrl().endsWith("/" + DESCRIPTOR.getFullName())) {
            throw new InvalidProtocolBufferException("expected a " + DESCRIPTOR.getFullName() + ", got "
                    + message.getTypeUrl());
        }
        DynamicMessage m = DynamicMessage.parseFrom(DESCRIPTOR, message.getValue());
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(
                ModelDataProto.parseFrom(((Message) m.getField(field("metadata"))).toByteString()));
        if (!(carrier.outputDomain().getOutput(0) instanceof Regressor)) {
            throw new IllegalStateException("a GaussianProcessModel needs a regression output domain, got "
                    + carrier.outputDomain().getClass());
        }
        KernelType kernel;
        try {
            kernel = KernelType.valueOf((String) m.getField(field("kernel")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unknown kernel '" + m.getField(field("kernel")) + "'", e);
        }
        double[] lengthscales = doubles(m, "lengthscales");
        int d = carrier.featureDomain().size();
        if (lengthscales.length != d) {
            throw new IllegalStateException("the model has " + d + " features but " + lengthscales.length
                    + " lengthscales");
        }
        double[] flat = doubles(m, "train_inputs");
        double[] y = doubles(m, "train_targets");
        if (flat.length != (long) y.length * d) {
            throw new IllegalStateException(y.length + " training targets need " + (long) y.length * d
                    + " input values, got " + flat.length);
        }
        double[][] x = new double[y.length][d];
        for (int i = 0; i < y.length; i++) {
            System.arraycopy(flat, i * d, x[i], 0, d);
        }
        double outputscale = (double) m.getField(field("outputscale"));
        double noise = (double) m.getField(field("noise_variance"));
        double mean = (double) m.getField(field("prior_mean"));
        Standardization st;
        try {
            st = Standardization.of(doubles(m, "input_shift"), doubles(m, "input_scale"),
                    (double) m.getField(field("target_shift")), (double) m.getField(field("target_scale")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        ExactGaussianProcessPosterior posterior = ExactGaussianProcessPosterior.create(
                kernel.create(lengthscales, outputscale), noise, mean, st, x, y);
        return new GaussianProcessModel(carrier.name(), carrier.provenance(), carrier.featureDomain(),
                (ImmutableOutputInfo<Regressor>) carrier.outputDomain(), posterior,
                new GaussianProcessHyperparameters(lengthscales, outputscale, noise, mean),
                (String) m.getField(field("output_name")));
    }

    private static double[] doubles(DynamicMessage m, String name) {
        @SuppressWarnings("unchecked")
        List<Double> list = (List<Double>) m.getField(field(name));
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
