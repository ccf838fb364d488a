package dev.corvid.template;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected strings are Python 3's json.dumps output (Hugging Face's tojson), pasted verbatim. */
class ToJsonFilterTest {

    private static String render(String template, Object x) {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("x", x);
        return ChatTemplate.of(template, "", "").render(List.of(), List.of(tool), false);
    }

    @Test
    void floatsAsPythonReprThem() {
        double[] values = {0.1, 1.0, 1e16, 1e15, 1e-5, 0.0001, 5e-324, 1.5e300, -0.0, 2.5, 100.0, 1e22,
                123456.789, 1.0 / 3, 9.5e-5, Double.MAX_VALUE, Double.MIN_NORMAL, 4.35,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        String[] python = {"0.1", "1.0", "1e+16", "1000000000000000.0", "1e-05", "0.0001", "5e-324", "1.5e+300",
                "-0.0", "2.5", "100.0", "1e+22", "123456.789", "0.3333333333333333", "9.5e-05",
                "1.7976931348623157e+308", "2.2250738585072014e-308", "4.35", "NaN", "Infinity", "-Infinity"};
        for (int i = 0; i < values.length; i++) {
            assertEquals(python[i], PythonFloatRepr.repr(values[i]), "repr of " + values[i]);
        }
    }

    @Test
    void oneLineWithPythonSpacing() {
        List<Object> list = new ArrayList<>(Arrays.asList(1L, true, false, null, "a"));
        assertEquals("{\"a\": [1, true, false, null, \"a\"]}", render("{{ tools[0] | tojson }}".replace("tools[0]",
                "{'a': tools[0].x}"), list));
    }

    @Test
    void indentedSortedAndEscaped() {
        Map<String, Object> x = new LinkedHashMap<>();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("c", null);
        x.put("b", List.of(1L, 2L, c));
        x.put("a", "\u00e9\n\"\\\t\u0001");
        x.put("e", List.of());
        x.put("d", Map.of());
        String python = """
                {
                  "a": "\u00e9\\n\\"\\\\\\t\\u0001",
                  "b": [
                    1,
                    2,
                    {
                      "c": null
                    }
                  ],
                  "d": {},
                  "e": []
                }""";
        assertEquals(python, render("{{ tools[0].x | tojson(indent=2, sort_keys=true) }}", x));
    }

    @Test
    void ensureAsciiEscapesUtf16Units() {
        assertEquals("[\"\\u00e9\\ud83d\\ude00\\u007f\"]",
                render("{{ tools[0].x | tojson(ensure_ascii=true) }}", List.of("\u00e9\uD83D\uDE00\u007f")));
    }

    @Test
    void customSeparators() {
        List<Object> list = new ArrayList<>(Arrays.asList(1L, true, false, null));
        assertEquals("{\"a\":[1,true,false,null]}",
                render("{{ tools[0] | tojson(separators=[',', ':']) }}".replace("tools[0]", "{'a': tools[0].x}"),
                        list));
    }
}
