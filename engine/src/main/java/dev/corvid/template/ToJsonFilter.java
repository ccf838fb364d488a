package dev.corvid.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.SafeString;

import java.util.List;
import java.util.Map;

/**
 * {@code value | tojson(indent=2, ensure_ascii=false, sort_keys=false, separators=[",", ": "])} the way
 * Hugging Face's {@code apply_chat_template} defines it (Python {@code json.dumps}, unicode kept), replacing
 * Jinjava's own {@code tojson}, whose spacing and float format differ.
 */
final class ToJsonFilter implements Filter {
    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, args, Map.of());
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        if (args.length > 0) {
            throw new IllegalArgumentException("tojson takes keyword arguments only (indent=, ensure_ascii=, "
                    + "sort_keys=, separators=)");
        }
        Integer indent = null;
        boolean ensureAscii = false;
        boolean sortKeys = false;
        List<?> separators = null;
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            Object v = kw.getValue();
            switch (kw.getKey()) {
                case "indent" -> indent = v == null ? null : ((Number) v).intValue();
                case "ensure_ascii" -> ensureAscii = (Boolean) v;
                case "sort_keys" -> sortKeys = (Boolean) v;
                case "separators" -> separators = (List<?>) v;
                default -> throw new IllegalArgumentException("tojson has no argument '" + kw.getKey() + "'");
            }
        }
        // Python's defaults: ", " between items on one line, "," when each item gets its own line.
        String itemSeparator = separators != null ? separators.get(0).toString() : indent == null ? ", " : ",";
        String keySeparator = separators != null ? separators.get(1).toString() : ": ";
        Object value = var instanceof SafeString safe ? safe.toString() : var;
        return new PythonJson(indent, itemSeparator, keySeparator, ensureAscii, sortKeys).dumps(value);
    }
}
