package dev.corvid.kernel;

/** Weights held as floats on the heap: the precise mode, where every type is dequantized at load. */
public final class F32Matrix implements WeightMatrix {
    private final float[] weights;
    private final int rows;
    private final int cols;

    /** @param weights {@code rows x cols}, row-major; used as is, not copied */
    public F32Matrix(float[] weights, int rows, int cols) {
        if ((long) rows * cols != weights.length) {
            throw new IllegalArgumentException(weights.length + " weights for a " + rows + " x " + cols + " matrix");
        }
        this.weights = weights;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** Float products summed in index order ({@link Dot}): the reference arithmetic, whatever the batch. */
    @Override
    public void multiplyRows(float[] in, int nTokens, float[] out, int fromRow, int toRow) {
        for (int r = fromRow; r < toRow; r++) {
            for (int t = 0; t < nTokens; t++) {
                out[t * rows + r] = Dot.dot(weights, r * cols, in, t * cols, cols);
            }
        }
    }

    @Override
    public void copyRow(int row, float[] dst, int dstOffset) {
        System.arraycopy(weights, row * cols, dst, dstOffset, cols);
    }
}
