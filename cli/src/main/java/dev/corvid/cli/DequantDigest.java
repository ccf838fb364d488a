package dev.corvid.cli;

import dev.corvid.gguf.GgufTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 of a tensor's dequantized little-endian float32 values, the form llama.cpp's goldens record. */
final class DequantDigest {
    private DequantDigest() {
    }

    static String sha256Hex(GgufTensor t) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int rowLength = (int) t.dim(0);
        long rows = rowLength == 0 ? 0 : t.elementCount() / rowLength;
        long rowBytes = t.type().byteSize(rowLength);
        float[] row = new float[rowLength];
        ByteBuffer le = ByteBuffer.allocate(rowLength * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long r = 0; r < rows; r++) {
            t.type().dequantize(t.data(), r * rowBytes, row, 0, rowLength);
            le.clear();
            le.asFloatBuffer().put(row);
            sha.update(le.array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
