package dev.corvid.cli;

import dev.corvid.gguf.GgufArray;
import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufValueType;
import dev.corvid.gguf.TensorDequantizer;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What {@code corvid info} reports about a GGUF file, computed once and rendered as tables or JSON. */
record ModelSummary(String file, long fileBytes, int version, String architecture, String name, long parameters,
                    Map<String, String> hyperparameters, Map<String, String> tokenizer, List<Tensor> tensors,
                    SortedMap<String, TypeTotal> totals, Map<String, Object> metadata, boolean withSha) {

    /** Arrays longer than this are summarised by element type and length. */
    static final int MAX_LISTED_ARRAY = 16;

    record Tensor(String name, String type, String shape, long[] dims, long bytes, long parameters,
                  String dequantSha256) {
    }

    record TypeTotal(int tensors, long parameters, long bytes) {
        TypeTotal plus(Tensor t) {
            return new TypeTotal(tensors + 1, parameters + t.parameters(), bytes + t.bytes());
        }
    }

    static ModelSummary of(GgufFile gguf, boolean withSha) throws IOException {
        GgufMetadata m = gguf.metadata();
        String arch = m.findString("general.architecture").orElse("(none)");
        List<Tensor> tensors = new ArrayList<>();
        SortedMap<String, TypeTotal> totals = new TreeMap<>();
        long parameters = 0;
        for (GgufTensor t : gguf.tensors()) {
            String sha = withSha ? dequantSha256(t) : null;
            Tensor row = new Tensor(t.name(), t.type().name(), t.shapeString(), t.shape(), t.byteSize(),
                    t.elementCount(), sha);
            tensors.add(row);
            totals.merge(row.type(), new TypeTotal(1, row.parameters(), row.bytes()),
                    (a, b) -> a.plus(row));
            parameters += row.parameters();
        }
        Map<String, String> hyper = new LinkedHashMap<>();
        Map<String, String> tok = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, GgufValue> e : m.asMap().entrySet()) {
            String key = e.getKey();
            String shown = e.getValue().describe(MAX_LISTED_ARRAY);
            if (key.startsWith(arch + ".")) {
                hyper.put(key.substring(arch.length() + 1), shown);
            } else if (key.startsWith("tokenizer.") && !key.equals("tokenizer.chat_template")) {
                tok.put(key.substring("tokenizer.".length()), shown);
            }
            metadata.put(key, toJson(e.getValue()));
        }
        if (m.contains("tokenizer.chat_template")) {
            tok.put("chat_template", m.getString("tokenizer.chat_template").length() + " characters");
        }
        return new ModelSummary(gguf.path().toString(), Files.size(gguf.path()), gguf.version(), arch,
                m.findString("general.name").orElse(""), parameters, hyper, tok, tensors, totals, metadata, withSha);
    }

    private static String dequantSha256(GgufTensor t) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            TensorDequantizer.digest(t, sha);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", file);
        doc.put("bytes", fileBytes);
        doc.put("version", version);
        doc.put("architecture", architecture);
        doc.put("parameters", parameters);
        doc.put("metadata", metadata);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Tensor t : tensors) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", t.name());
            row.put("type", t.type());
            row.put("shape", t.dims());
            row.put("bytes", t.bytes());
            if (t.dequantSha256() != null) {
                row.put("dequant_sha256", t.dequantSha256());
            }
            list.add(row);
        }
        doc.put("tensors", list);
        Map<String, Object> byType = new LinkedHashMap<>();
        totals.forEach((type, tt) -> byType.put(type, Map.of("tensors", tt.tensors(), "parameters", tt.parameters(),
                "bytes", tt.bytes())));
        doc.put("totals", byType);
        return doc;
    }

    private static Object toJson(GgufValue v) {
        return switch (v.type()) {
            case ARRAY -> arrayToJson((GgufArray) v.value());
            case UINT64 -> new BigInteger(Long.toUnsignedString((Long) v.value()));
            case FLOAT32 -> finiteOrText((Float) v.value());
            case FLOAT64 -> finiteOrText((Double) v.value());
            default -> v.value();
        };
    }

    private static Object arrayToJson(GgufArray a) {
        if (a.length() > MAX_LISTED_ARRAY) {
            return Map.of("array", a.elementType().name(), "length", a.length());
        }
        List<Object> items = new ArrayList<>();
        switch (a.elementType()) {
            case STRING -> items.addAll(List.of(a.strings()));
            case FLOAT32 -> {
                for (float f : a.floats()) {
                    items.add(finiteOrText((Float) f));
                }
            }
            case FLOAT64 -> {
                for (double d : a.doubles()) {
                    items.add(finiteOrText((Double) d));
                }
            }
            case BOOL -> {
                for (boolean b : a.booleans()) {
                    items.add(b);
                }
            }
            case ARRAY -> {
                for (GgufArray nested : a.arrays()) {
                    items.add(arrayToJson(nested));
                }
            }
            default -> {
                for (long l : a.longs()) {
                    items.add(a.elementType() == GgufValueType.UINT64 ? new BigInteger(Long.toUnsignedString(l)) : l);
                }
            }
        }
        return items;
    }

    /** JSON has no NaN or infinity: such values are written as text. */
    private static Object finiteOrText(Number n) {
        return Double.isFinite(n.doubleValue()) ? n : n.toString();
    }
}
