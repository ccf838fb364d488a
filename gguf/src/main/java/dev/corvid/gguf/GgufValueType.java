package dev.corvid.gguf;

/** The 13 metadata value types of GGUF, with their ids in the file and their fixed sizes in bytes. */
public enum GgufValueType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4),
    BOOL(7, 1), STRING(8, -1), ARRAY(9, -1), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int size;

    GgufValueType(int id, int size) {
        this.id = id;
        this.size = size;
    }

    /** The id stored in the file. */
    public int id() {
        return id;
    }

    /** Size in bytes of one value, or -1 for STRING and ARRAY whose size depends on their content. */
    public int fixedSize() {
        return size;
    }

    /** The smallest number of bytes a value of this type can take in a file; bounds element counts. */
    int minEncodedSize() {
        return switch (this) {
            case STRING -> 8;          // u64 length, empty text
            case ARRAY -> 12;          // u32 element type + u64 count, no elements
            default -> size;
        };
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    /** The type with this file id, or null. */
    public static GgufValueType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }
}
