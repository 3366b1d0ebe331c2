package io.dmon.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The one image every bench container runs: a root file system of a static busybox (sh, ps, sleep)
 * and mount points, built by the local engine FROM scratch (nothing is pulled). The host's JDK and the
 * built distribution are bind-mounted read-only at run time (see {@link BenchContainers}), so the
 * image does not change when the code does and is built once per engine.
 */
final class BaseImage {
    static final String REPOSITORY = "dmon-containers-base";
    /** Bump when the layout below changes (and in the pom's TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE). */
    static final String TAG = "1";

    private static String name;

    private BaseImage() {
    }

    /** The image's name, importing it first when the engine does not have it yet. */
    static synchronized String ensure(DockerClient docker) throws IOException {
        if (name != null) {
            return name;
        }
        String image = REPOSITORY + ":" + TAG;
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            // The engine's import endpoint gets a cut stream through docker-java's transport; a
            // FROM-scratch build that ADDs the tar (unpacked by the engine) does the same job.
            Path tar = Files.createTempFile("dmon-rootfs", ".tar");
            try {
                Files.write(tar, rootfs(busybox()));
                new ImageFromDockerfile(image, false)
                        .withFileFromString("Dockerfile", "FROM scratch\nADD rootfs.tar /\nCMD [\"/bin/sh\"]\n")
                        .withFileFromPath("rootfs.tar", tar)
                        .get();
            } catch (RuntimeException ex) {
                throw new IOException("cannot build " + image + ": " + ex.getMessage(), ex);
            } finally {
                Files.deleteIfExists(tar);
            }
            docker.inspectImageCmd(image).exec();
        }
        name = image;
        return image;
    }

    private static Path busybox() throws IOException {
        for (String candidate : List.of("/bin/busybox", "/usr/bin/busybox", "/usr/sbin/busybox")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IOException("no busybox on this machine: install busybox-static (apt-get install busybox-static)");
    }

    /** A tar of the root file system: busybox and its applets in /bin, /lib and /lib64 into the host's /usr. */
    private static byte[] rootfs(Path busybox) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String dir : List.of("bin", "etc", "proc", "sys", "dev", "usr", "opt", "root", "run", "var",
                    "var/lib", "var/lib/dmon-agent", "etc/alternatives", "etc/java-17-openjdk")) {
                dir(tar, dir, 0755);
            }
            dir(tar, "tmp", 01777);
            link(tar, "lib", "usr/lib");
            link(tar, "lib64", "usr/lib64");
            link(tar, "sbin", "bin");
            file(tar, "bin/busybox", Files.readAllBytes(busybox), 0755);
            for (String applet : applets(busybox)) {
                if (!applet.equals("busybox")) {
                    link(tar, "bin/" + applet, "busybox");
                }
            }
            file(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n", 0644);
            file(tar, "etc/group", "root:x:0:\nnogroup:x:65534:\n", 0644);
            file(tar, "etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n", 0644);
        }
        return bytes.toByteArray();
    }

    private static List<String> applets(Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(busybox + " --list failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> applets = new ArrayList<>(out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
        if (!applets.contains("sh") || !applets.contains("ps")) {
            throw new IOException(busybox + " lacks sh or ps: install busybox-static");
        }
        return applets;
    }

    private static void dir(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name + "/");
        e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, String text, int mode) throws IOException {
        file(tar, name, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
