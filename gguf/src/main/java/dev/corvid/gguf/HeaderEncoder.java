package dev.corvid.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A growable little-endian buffer for a GGUF header: {@link GgufWriter}'s encoding of metadata and tensor infos. */
final class HeaderEncoder {
    private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    private void ensure(long n) {
        if (buf.remaining() < n) {
            long cap = Math.max((long) buf.capacity() * 2, buf.position() + n);
            if (cap > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("GGUF header larger than 2 GiB");
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) cap).order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(buf.flip());
            buf = bigger;
        }
    }

    long size() {
        return buf.position();
    }

    void u8(int v) {
        ensure(1);
        buf.put((byte) v);
    }

    void u16(int v) {
        ensure(2);
        buf.putShort((short) v);
    }

    void u32(long v) {
        ensure(4);
        buf.putInt((int) v);
    }

    void u64(long v) {
        ensure(8);
        buf.putLong(v);
    }

    void zeros(int n) {
        ensure(n);
        buf.position(buf.position() + n);
    }

    void string(String s) {
        byte[] b = utf8(s);
        u64(b.length);
        ensure(b.length);
        buf.put(b);
    }

    void value(GgufValue v) {
        if (v.type() == GgufValueType.ARRAY) {
            array((GgufArray) v.value());
        } else {
            scalar(v.type(), v.value());
        }
    }

    void scalar(GgufValueType type, Object value) {
        switch (type) {
            case UINT8, INT8 -> u8((int) (long) (Long) value);
            case UINT16, INT16 -> u16((int) (long) (Long) value);
            case UINT32, INT32 -> u32((Long) value);
            case UINT64, INT64 -> u64((Long) value);
            case FLOAT32 -> u32(Float.floatToRawIntBits((Float) value));
            case FLOAT64 -> u64(Double.doubleToRawLongBits((Double) value));
            case BOOL -> u8((Boolean) value ? 1 : 0);
            case STRING -> string((String) value);
            case ARRAY -> array((GgufArray) value);
        }
    }

    void array(GgufArray a) {
        u32(a.elementType().id());
        u64(a.length());
        Object raw = a.raw();
        switch (raw) {
            case long[] l -> {
                for (long x : l) {
                    scalar(a.elementType(), x);
                }
            }
            case float[] f -> {
                for (float x : f) {
                    u32(Float.floatToRawIntBits(x));
                }
            }
            case double[] d -> {
                for (double x : d) {
                    u64(Double.doubleToRawLongBits(x));
                }
            }
            case boolean[] b -> {
                for (boolean x : b) {
                    u8(x ? 1 : 0);
                }
            }
            case String[] s -> {
                for (String x : s) {
                    string(x);
                }
            }
            case GgufArray[] nested -> {
                for (GgufArray x : nested) {
                    array(x);
                }
            }
            default -> throw new IllegalStateException("unexpected array storage " + raw.getClass());
        }
    }

    /** Strict: getBytes would turn a lone surrogate into '?' and the file would not say what was put. */
    private static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string is not valid Unicode (lone surrogate): "
                    + s.substring(0, Math.min(s.length(), 64)));
        }
    }

    ByteBuffer finish() {
        return buf.flip();
    }
}
