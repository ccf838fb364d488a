package dev.corvid.lora;

import dev.corvid.model.Projection;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The projection an adapted weight name stands for: {@code blk.3.ffn_up.weight} is layer 3's {@link Projection#FFN_UP}. */
record LoraTarget(int layer, Projection projection) {
    private static final Pattern LAYER_WEIGHT = Pattern.compile("blk\\.(\\d+)\\.(\\w+)\\.weight");

    /** The projection {@code weightName} names, or empty for any other tensor (embeddings, norms). */
    static Optional<LoraTarget> parse(String weightName) {
        if (weightName.equals(Projection.OUTPUT.weightName(0))) {
            return Optional.of(new LoraTarget(-1, Projection.OUTPUT));
        }
        Matcher m = LAYER_WEIGHT.matcher(weightName);
        if (!m.matches()) {
            return Optional.empty();
        }
        // a number beyond the int range saturates: no model has that many layers, and LoraStack refuses it
        String digits = m.group(1).replaceFirst("^0+(?=.)", "");
        int layer = digits.length() > 10 ? Integer.MAX_VALUE
                : (int) Math.min(Long.parseLong(digits), Integer.MAX_VALUE);
        return Arrays.stream(Projection.values())
                .filter(p -> p != Projection.OUTPUT && p.ggufName().equals(m.group(2)))
                .findFirst()
                .map(p -> new LoraTarget(layer, p));
    }
}
