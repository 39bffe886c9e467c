package org.hisscube.vg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.hisscube.learning.ModalityModels;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The image + text models, built as the SDSS ones are ({@code ModalityModels}: branches joined before a shared
 * {@value #EMBEDDING} layer, softmax over the categories, class-weighted cross-entropy): the image branch is the
 * same CNN on the RGB crop (3 channels instead of 5 bands), the text branch a dense layer on the hashed text
 * vector; the fused graph joins both. The {@value #EMBEDDING} layer is each model's encoder (the t-SNE maps).
 */
public final class RegionModels {
    public static final String EMBEDDING = ModalityModels.EMBEDDING;

    /** Which inputs a model takes. */
    public enum Kind {
        IMAGE(true, false), TEXT(false, true), FUSED(true, true);

        final boolean image;
        final boolean text;

        Kind(boolean image, boolean text) {
            this.image = image;
            this.text = text;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private RegionModels() {
    }

    /** A new, initialised graph: inputs {@code image} [n, 3, size, size] and/or {@code text} [n, dims]. */
    public static ComputationGraph build(Kind kind, int size, int dims, double[] classWeights, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam(1e-3)).weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same)
                .graphBuilder();
        List<String> inputs = new ArrayList<>();
        List<InputType> types = new ArrayList<>();
        List<String> branches = new ArrayList<>();
        if (kind.image) {
            inputs.add("image");
            types.add(InputType.convolutional(size, size, 3));
            String last = "image";
            int[] filters = {16, 32, 64};
            for (int i = 0; i < filters.length; i++) {
                g.addLayer("i_conv" + i, new ConvolutionLayer.Builder(3, 3).nOut(filters[i])
                        .activation(Activation.RELU).build(), last);
                last = "i_conv" + i;
                if (i < filters.length - 1) {
                    g.addLayer("i_pool" + i, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2)
                            .stride(2, 2).build(), last);
                    last = "i_pool" + i;
                }
            }
            g.addLayer("i_global", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), last);
            branches.add("i_global");
        }
        if (kind.text) {
            inputs.add("text");
            types.add(InputType.feedForward(dims));
            g.addLayer("t_dense", new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build(), "text");
            branches.add("t_dense");
        }
        g.addInputs(inputs.toArray(String[]::new));
        g.setInputTypes(types.toArray(InputType[]::new));
        return ModalityModels.withHead(g, branches, classWeights);
    }
}
