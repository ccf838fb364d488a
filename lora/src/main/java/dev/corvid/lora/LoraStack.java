package dev.corvid.lora;

import dev.corvid.model.Model;
import dev.corvid.model.Projection;
import dev.corvid.model.ProjectionAdapter;

import java.util.ArrayList;
import java.util.List;

/**
 * Adapters attached, unmerged, to one loaded model: each projection computes
 * {@code W x + sum over adapters of s B (A x)} (then its bias), with {@code s = scale * alpha / rank} as in
 * llama.cpp. Immutable and thread-safe; the model's weights are untouched, so states of one model may each
 * use another stack, or none. To detach or rescale, set another stack (building one only lays out the
 * adapters' factors: no file is read).
 *
 * <pre>{@code
 * LoraStack both = LoraStack.of(model, List.of(style.scaled(1.0f), domain.scaled(0.5f)));
 * session.setAdapter(both);                       // or state.setAdapter(both)
 * session.setAdapter(LoraStack.of(model, List.of(style.scaled(0.3f))));   // rescaled, domain detached
 * session.setAdapter(ProjectionAdapter.NONE);     // the bare model
 * }</pre>
 */
public final class LoraStack implements ProjectionAdapter {
    private static final LowRankTerm[] NONE = {};

    private final List<ScaledLora> loras;
    /** {@code [layer][projection ordinal]}: the terms of each projection, in adapter order. */
    private final LowRankTerm[][][] layerTerms;
    private final LowRankTerm[] outputTerms;

    private LoraStack(List<ScaledLora> loras, LowRankTerm[][][] layerTerms, LowRankTerm[] outputTerms) {
        this.loras = loras;
        this.layerTerms = layerTerms;
        this.outputTerms = outputTerms;
    }

    /**
     * Attaches {@code loras} to {@code model}; an adapter at scale 0 is left out, so the model runs exactly
     * as without it.
     *
     * @throws IncompatibleAdapterException when an adapter is for another architecture, adapts a tensor the
     *                                      model lacks or has in another shape, or one Corvid cannot adapt
     */
    public static LoraStack of(Model model, List<ScaledLora> loras) {
        BaseModelCheck check = new BaseModelCheck(model.config().architecture().ggufName(), model::tensorShape,
                model.metadata().source());
        int layers = model.config().layerCount();
        int projections = Projection.values().length;
        List<List<List<LowRankTerm>>> byLayer = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            List<List<LowRankTerm>> perProjection = new ArrayList<>();
            for (int p = 0; p < projections; p++) {
                perProjection.add(new ArrayList<>());
            }
            byLayer.add(perProjection);
        }
        List<LowRankTerm> output = new ArrayList<>();
        for (ScaledLora lora : loras) {
            LoraAdapter adapter = lora.adapter();
            LoraTarget[] targets = check.targets(adapter, adapter.source());
            for (int i = 0; i < targets.length; i++) {
                if (targets[i].projection() != Projection.OUTPUT && targets[i].layer() >= layers) {
                    throw new IncompatibleAdapterException(adapter.source() + " on " + model.metadata().source()
                            + ": tensor '" + adapter.weights().get(i).target() + "' is in layer "
                            + targets[i].layer() + ", the model has " + layers + " layers (wrong base model?)");
                }
            }
            if (lora.scale() == 0.0f) {
                continue;
            }
            for (int i = 0; i < targets.length; i++) {
                LoraWeights w = adapter.weights().get(i);
                LowRankTerm term = new LowRankTerm(w, w.scale(adapter.alpha(), lora.scale()));
                LoraTarget t = targets[i];
                (t.projection() == Projection.OUTPUT ? output
                        : byLayer.get(t.layer()).get(t.projection().ordinal())).add(term);
            }
        }
        LowRankTerm[][][] layerTerms = byLayer.stream()
                .map(perProjection -> perProjection.stream().map(LoraStack::array).toArray(LowRankTerm[][]::new))
                .toArray(LowRankTerm[][][]::new);
        return new LoraStack(List.copyOf(loras), layerTerms, array(output));
    }

    private static LowRankTerm[] array(List<LowRankTerm> terms) {
        return terms.isEmpty() ? NONE : terms.toArray(LowRankTerm[]::new);
    }

    /** The adapters and scales this stack was built from. */
    public List<ScaledLora> loras() {
        return loras;
    }

    @Override
    public void addTo(int layer, Projection projection, float[] in, int nTokens, float[] out) {
        LowRankTerm[] terms = projection == Projection.OUTPUT ? outputTerms : layerTerms[layer][projection.ordinal()];
        for (LowRankTerm term : terms) {
            term.addTo(in, nTokens, out);
        }
    }
}
