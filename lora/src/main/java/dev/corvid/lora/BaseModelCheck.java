package dev.corvid.lora;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks an adapter against a base model as llama.cpp does when it loads one: same architecture, every
 * target an existing tensor of the shape the factors imply. Also refuses what Corvid does not apply:
 * {@code token_embd.weight}, which llama.cpp adapts in the embedding lookup with its factors' roles
 * swapped (and, with tied embeddings, again in the LM head, where its matmul fails), and any tensor that is
 * not one of the {@link dev.corvid.model.Projection}s.
 *
 * @param architecture the model's {@code general.architecture}
 * @param tensorShape  ggml shape of a model tensor by name, empty when the model has none
 * @param modelName    names the model in errors
 */
record BaseModelCheck(String architecture, Function<String, Optional<long[]>> tensorShape, String modelName) {
    private static final String TOKEN_EMBEDDINGS = "token_embd.weight";

    /** The projection each weight of {@code adapter} (named {@code adapterName} in errors) adapts, in weight order. */
    LoraTarget[] targets(LoraAdapter adapter, String adapterName) {
        String where = adapterName + " on " + modelName + ": ";
        if (!adapter.architecture().equals(architecture)) {
            throw new IncompatibleAdapterException(where + "the adapter is for architecture '" + adapter.architecture()
                    + "', the model is '" + architecture + "'");
        }
        LoraTarget[] targets = new LoraTarget[adapter.weights().size()];
        for (int i = 0; i < targets.length; i++) {
            LoraWeights w = adapter.weights().get(i);
            if (w.target().equals(TOKEN_EMBEDDINGS)) {
                throw new IncompatibleAdapterException(where + "tensor '" + w.target() + "': adapting the token"
                        + " embeddings is not supported");
            }
            long[] shape = tensorShape.apply(w.target()).orElseThrow(() -> new IncompatibleAdapterException(where
                    + "tensor '" + w.target() + "' does not exist in the base model (wrong base model?)"));
            if (shape.length != 2 || shape[0] != w.inputs() || shape[1] != w.outputs()) {
                throw new IncompatibleAdapterException(where + "tensor '" + w.target() + "' has shape "
                        + Arrays.toString(shape) + " in the model, the adapter's factors make it [" + w.inputs() + ", "
                        + w.outputs() + "] (wrong base model?)");
            }
            targets[i] = LoraTarget.parse(w.target()).orElseThrow(() -> new IncompatibleAdapterException(where
                    + "tensor '" + w.target() + "' is not a projection an adapter can change (attn_q, attn_k,"
                    + " attn_v, attn_output, ffn_gate, ffn_up, ffn_down, output)"));
        }
        return targets;
    }
}
