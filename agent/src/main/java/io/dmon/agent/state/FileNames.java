package io.dmon.agent.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns a job id ({@code NAME@HOST}, chosen by operators) into one safe file name: letters,
 * digits and {@code . _ - @ + = ,} stay, every other byte becomes {@code %XX}, so no id can name
 * a path outside its folder. Very long ids end in a hash to stay under the file system's limit.
 */
public final class FileNames {
    private static final int MAX = 200;

    private FileNames() {
    }

    /** The file name for {@code jobId}; distinct ids give distinct names. */
    public static String of(String jobId) {
        StringBuilder b = new StringBuilder(jobId.length());
        for (byte c : jobId.getBytes(StandardCharsets.UTF_8)) {
            if (safe(c)) {
                b.append((char) c);
            } else {
                b.append('%').append(HexFormat.of().withUpperCase().toHexDigits(c));
            }
        }
        // "." and ".." are safe characters but not safe names; a leading dot would also hide the file.
        if (b.length() == 0 || b.charAt(0) == '.') {
            b.insert(0, "%");
        }
        if (b.length() > MAX) {
            return b.substring(0, MAX - 33) + "~" + sha256(jobId).substring(0, 32);
        }
        return b.toString();
    }

    private static boolean safe(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-' || c == '@' || c == '+' || c == '=' || c == ',';
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
