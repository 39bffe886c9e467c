package org.hisscube.learning;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.hisscube.contracts.events.Modality;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The Deeplearning4j models, one {@link ComputationGraph} per {@link Kind}: the image CNN on the [5, s, s] cutout
 * (three 3×3 convolutions with 16, 32, 64 filters, 2×2 max pooling between, global max pooling), the spectrum 1-D CNN
 * on [1, L] (kernels 7, 5, 5 with 16, 32, 64 filters, pooling 4, global <b>max</b> pooling — average pooling hides
 * narrow lines), the photometry network (dense 32) and the fused graph joining all three branches before the
 * classifier. Every model ends in a dense layer named {@value #EMBEDDING} (32 units: the modality's encoder) and a
 * softmax over {@link Evaluation#CLASSES} with class-weighted cross-entropy. Inputs are named {@code image},
 * {@code spectrum}, {@code photometry}; a graph takes only those of its kind, in that order.
 */
public final class ModalityModels {
    public static final String EMBEDDING = "embedding";
    public static final int EMBEDDING_SIZE = 32;

    /** Which inputs a model takes. */
    public enum Kind {
        IMAGE(true, false, false), SPECTRUM(false, true, false), PHOTOMETRY(false, false, true),
        /** Image and photometry branches joined: what an imaging-only survey can reach without spectra. */
        IMAGE_PHOTOMETRY(true, false, true), FUSED(true, true, true);

        final boolean image;
        final boolean spectrum;
        final boolean photometry;

        Kind(boolean image, boolean spectrum, boolean photometry) {
            this.image = image;
            this.spectrum = spectrum;
            this.photometry = photometry;
        }

        /** The inputs it joins, in the order of its graph inputs. */
        public java.util.List<String> inputs() {
            java.util.List<String> in = new java.util.ArrayList<>();
            if (image) {
                in.add("image");
            }
            if (spectrum) {
                in.add("spectrum");
            }
            if (photometry) {
                in.add("photometry");
            }
            return in;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The modality on the event contracts (the fused model: {@link Modality#MULTI}). */
        public Modality modality() {
            return switch (this) {
                case IMAGE -> Modality.IMAGE;
                case SPECTRUM -> Modality.SPECTRUM;
                case PHOTOMETRY -> Modality.PHOTOMETRY;
                case IMAGE_PHOTOMETRY, FUSED -> Modality.MULTI;
            };
        }
    }

    private ModalityModels() {
    }

    /**
     * A new, initialised graph.
     *
     * @param size           cutout side (64 / 2^zoom)
     * @param spectrumLength samples of the spectrum (4620 / 2^zoom)
     * @param classWeights   loss weight per class of {@link Evaluation#CLASSES}
     */
    public static ComputationGraph build(Kind kind, int size, int spectrumLength, int photometryLength,
            double[] classWeights, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam(1e-3)).weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same)
                .graphBuilder();
        java.util.List<String> inputs = new java.util.ArrayList<>();
        java.util.List<InputType> types = new java.util.ArrayList<>();
        java.util.List<String> branches = new java.util.ArrayList<>();
        if (kind.image) {
            inputs.add("image");
            types.add(InputType.convolutional(size, size, 5));
            String last = "image";
            int[] filters = {16, 32, 64};
            int side = size;
            for (int i = 0; i < filters.length; i++) {
                g.addLayer("i_conv" + i, new ConvolutionLayer.Builder(3, 3).nOut(filters[i])
                        .activation(Activation.RELU).build(), last);
                last = "i_conv" + i;
                if (i < filters.length - 1 && side >= 4) {
                    g.addLayer("i_pool" + i, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2)
                            .stride(2, 2).build(), last);
                    last = "i_pool" + i;
                    side /= 2;
                }
            }
            g.addLayer("i_global", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), last);
            branches.add("i_global");
        }
        if (kind.spectrum) {
            inputs.add("spectrum");
            types.add(InputType.recurrent(1, spectrumLength));
            String last = "spectrum";
            int[] filters = {16, 32, 64};
            int[] kernels = {7, 5, 5};
            int length = spectrumLength;
            for (int i = 0; i < filters.length; i++) {
                g.addLayer("s_conv" + i, new Convolution1DLayer.Builder().kernelSize(kernels[i]).nOut(filters[i])
                        .activation(Activation.RELU).build(), last);
                last = "s_conv" + i;
                if (i < filters.length - 1 && length >= 16) {
                    g.addLayer("s_pool" + i, new Subsampling1DLayer.Builder(PoolingType.MAX).kernelSize(4).stride(4)
                            .build(), last);
                    last = "s_pool" + i;
                    length /= 4;
                }
            }
            g.addLayer("s_global", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), last);
            branches.add("s_global");
        }
        if (kind.photometry) {
            inputs.add("photometry");
            types.add(InputType.feedForward(photometryLength));
            g.addLayer("p_dense", new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build(),
                    "photometry");
            branches.add("p_dense");
        }
        g.addInputs(inputs.toArray(String[]::new));
        g.setInputTypes(types.toArray(InputType[]::new));
        return withHead(g, branches, classWeights);
    }

    /**
     * Joins the branches (a merge vertex when there are several), adds the {@value #EMBEDDING} layer — the encoder —
     * and the class-weighted softmax output over {@code classWeights.length} classes, and initialises the graph. The
     * head of every model here and of the image + text experiment's.
     */
    public static ComputationGraph withHead(ComputationGraphConfiguration.GraphBuilder g,
            java.util.List<String> branches, double[] classWeights) {
        String joined = branches.get(0);
        if (branches.size() > 1) {
            g.addVertex("merge", new MergeVertex(), branches.toArray(String[]::new));
            joined = "merge";
        }
        g.addLayer(EMBEDDING, new DenseLayer.Builder().nOut(EMBEDDING_SIZE).activation(Activation.RELU).build(),
                joined);
        g.addLayer("out", new OutputLayer.Builder(new LossMCXENT(Nd4j.create(classWeights)))
                .nOut(classWeights.length).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(),
                EMBEDDING);
        g.setOutputs("out");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }
}
