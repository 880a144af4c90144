package io.switchboard.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkout's root: the nearest folder upwards that holds {@code scripts/infra.sh}. A class of its own with
 * no static state, so that {@link Ports} (which reads its file from here) and {@link Infra} (whose constants
 * come from {@link Ports}) can be initialized in either order.
 */
final class ProjectRoot {
    private ProjectRoot() {
    }

    static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/infra.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("scripts/infra.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
