package dev.corvid.cli;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code -m MODEL}, defaulting to {@code $CORVID_MODEL}, else the bundled stories260K model. */
final class ModelOption {
    static final String BUNDLED = "models/stories260K.gguf";

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "the GGUF model (default: $CORVID_MODEL, else the bundled " + BUNDLED + ")")
    Path model;

    Path resolve() {
        if (model != null) {
            return model;
        }
        String env = System.getenv("CORVID_MODEL");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return bundled();
    }

    /** The bundled model: beside the launcher ({@code corvid.home}), else above the working directory. */
    static Path bundled() {
        String home = System.getProperty("corvid.home");
        if (home != null) {
            return Path.of(home, BUNDLED);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(BUNDLED))) {
                return dir.resolve(BUNDLED);
            }
        }
        throw new IllegalArgumentException("no model given: use -m MODEL or set CORVID_MODEL");
    }
}
