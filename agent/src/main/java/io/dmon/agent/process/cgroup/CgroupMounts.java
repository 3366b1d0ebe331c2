package io.dmon.agent.process.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where this process's cgroups are: the unified (v2) hierarchy's directory for it, and each v1
 * controller's, as /proc/self/mountinfo and /proc/self/cgroup say. A hierarchy whose mount does
 * not show our own cgroup (a container that sees only part of the tree) counts as absent.
 *
 * @param v2 our own cgroup in the unified hierarchy, or null
 * @param v1 our own cgroup per v1 controller ("freezer", "memory", "cpuacct", "cpu", ...)
 */
public record CgroupMounts(Path v2, Map<String, Path> v1) {
    /** Both files are small; anything longer is not what the kernel writes. */
    private static final long MAX_BYTES = 1 << 20;

    public CgroupMounts {
        v1 = Map.copyOf(v1);
    }

    public static CgroupMounts read() throws IOException {
        return parse(read(Path.of("/proc/self/mountinfo")), read(Path.of("/proc/self/cgroup")));
    }

    private static String read(Path file) throws IOException {
        byte[] b;
        try (var in = Files.newInputStream(file)) {
            b = in.readNBytes((int) MAX_BYTES);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** From the texts of mountinfo and of /proc/self/cgroup. */
    static CgroupMounts parse(String mountinfo, String cgroup) {
        Map<String, String> own = new HashMap<>();
        for (String line : cgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length != 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                own.put("", f[2]);
            } else {
                for (String c : f[1].split(",")) {
                    own.put(c, f[2]);
                }
            }
        }
        Path v2 = null;
        Map<String, Path> v1 = new HashMap<>();
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] head = line.substring(0, dash).split(" ");
            String[] tail = line.substring(dash + 3).split(" ");
            if (head.length < 5 || tail.length < 3) {
                continue;
            }
            String root = unescape(head[3]);
            String mountPoint = unescape(head[4]);
            if (tail[0].equals("cgroup2") && v2 == null) {
                v2 = under(mountPoint, root, own.get("")).orElse(null);
            } else if (tail[0].equals("cgroup")) {
                for (String option : tail[2].split(",")) {
                    String path = own.get(option);
                    if (path != null && !v1.containsKey(option)) {
                        under(mountPoint, root, path).ifPresent(p -> v1.put(option, p));
                    }
                }
            }
        }
        return new CgroupMounts(v2, v1);
    }

    /** Our cgroup {@code own} seen through a mount of the hierarchy's {@code root} at {@code mountPoint}. */
    private static Optional<Path> under(String mountPoint, String root, String own) {
        if (own == null || !own.startsWith("/")) {
            return Optional.empty();
        }
        String rel;
        if (root.equals("/")) {
            rel = own;
        } else if (own.equals(root) || own.startsWith(root + "/")) {
            rel = own.substring(root.length());
        } else {
            return Optional.empty();
        }
        Path p = Path.of(mountPoint);
        for (String part : List.of(rel.split("/"))) {
            if (!part.isEmpty()) {
                p = p.resolve(part);
            }
        }
        return Optional.of(p);
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
