package io.dmon.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A clean Debian system as an image, made of this machine's own installed Debian packages
 * (src/test/sh/debian-rootfs.sh: the Essential ones, adduser, passwd, procps and a Java 17
 * runtime, with all they depend on and a dpkg database of exactly those), imported into the
 * local engine: nothing is pulled or downloaded. Tagged with a hash of the packages' versions, so
 * it is made once per engine and set of packages (about 40 s), then reused.
 */
final class DebianImage {
    static final String REPOSITORY = "dmon-debian";
    /** What the image holds besides the Essential packages: what dmon's package depends on and uses. */
    static final List<String> PACKAGES = List.of("adduser", "passwd", "procps", "openjdk-17-jre-headless");
    private static final Path SCRIPT = Path.of(System.getProperty("dmon.containers.sh", "src/test/sh"),
            "debian-rootfs.sh").toAbsolutePath();
    private static final Duration MAKING = Duration.ofMinutes(5);

    private static String name;

    private DebianImage() {
    }

    /** The image's name, made first when the engine does not have it. */
    static synchronized String ensure() throws IOException, InterruptedException {
        if (name != null) {
            return name;
        }
        List<String> tagCommand = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--tag"));
        tagCommand.addAll(PACKAGES);
        String tag = Cli.run(MAKING, tagCommand).ok("debian-rootfs.sh --tag").out().strip();
        String image = REPOSITORY + ":" + tag;
        if (Cli.run(Duration.ofSeconds(30), List.of("docker", "image", "inspect", image)).exit() != 0) {
            make(image, tag);
        }
        name = image;
        return image;
    }

    private static void make(String image, String tag) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("dmon-debian");
        try {
            Path tar = work.resolve("rootfs.tar");
            List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), tar.toString()));
            command.addAll(PACKAGES);
            Cli.run(MAKING, command).ok("debian-rootfs.sh");
            String files = REPOSITORY + "-files:" + tag;
            Cli.run(MAKING, List.of("docker", "import", tar.toString(), files)).ok("docker import");
            Files.delete(tar);
            // The loader's cache is what ldconfig (libc-bin's trigger) makes on a real system.
            Files.writeString(work.resolve("Dockerfile"), "FROM " + files + "\nRUN [\"/usr/sbin/ldconfig\"]\n"
                    + "CMD [\"/bin/bash\"]\n");
            Cli.run(MAKING, List.of("docker", "build", "-q", "-t", image, work.toString())).ok("docker build " + image);
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
