package io.dmon.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Debian package the build made: {@code dmon_VERSION_amd64.deb} in target/docker (beside its Dockerfile). */
final class PackageFile {
    private PackageFile() {
    }

    static Path deb(Path target) throws IOException {
        List<Path> found;
        try (Stream<Path> list = Files.list(target.resolve("docker"))) {
            found = list.filter(p -> p.getFileName().toString().matches("dmon_.*_amd64\\.deb")).toList();
        }
        if (found.size() != 1) {
            throw new AssertionError("want one dmon_VERSION_amd64.deb in " + target + ", found " + found
                    + " (./mvnw package builds it)");
        }
        return found.get(0);
    }
}
