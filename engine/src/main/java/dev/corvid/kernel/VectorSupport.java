package dev.corvid.kernel;

/**
 * Whether the vector kernels may run: the {@code jdk.incubator.vector} module is in the boot layer
 * (the JVM was started with {@code --add-modules=jdk.incubator.vector}) and its preferred float
 * vector holds 8 to 16 lanes, the widths the block layouts of the quantized formats split into
 * evenly. Checked once; when false no class that touches the Vector API is ever loaded, and every
 * kernel takes its scalar path.
 */
final class VectorSupport {
    static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && Widths.usable();

    private VectorSupport() {
    }

    /** Kept in its own class so that reading the lane count loads the Vector API only once the module is known present. */
    private static final class Widths {
        static boolean usable() {
            int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
            return lanes >= 8;
        }
    }
}
