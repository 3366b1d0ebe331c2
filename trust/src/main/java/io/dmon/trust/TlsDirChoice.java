package io.dmon.trust;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which TLS directory a program uses, and where that choice came from (for error messages):
 * {@code --tls-dir}, else {@code $DMON_TLS_DIR}, else, for dmonctl only, a per-user directory
 * that exists. No choice means plaintext, which only loopback accepts.
 *
 * @param dir the directory
 * @param source how the user named it: {@code --tls-dir}, {@code $DMON_TLS_DIR}, or the default path
 */
public record TlsDirChoice(Path dir, String source) {
    /** The environment variable every program reads when {@code --tls-dir} is not given. */
    public static final String ENV = "DMON_TLS_DIR";
    /** The option every program takes. */
    public static final String OPTION = "--tls-dir";

    /** {@code option}, else {@code $DMON_TLS_DIR} from {@code env}; empty values count as not given. */
    public static Optional<TlsDirChoice> of(String option, Map<String, String> env) {
        if (option != null && !option.isEmpty()) {
            return Optional.of(new TlsDirChoice(Path.of(option), OPTION));
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Optional.of(new TlsDirChoice(Path.of(fromEnv), "$" + ENV));
        }
        return Optional.empty();
    }

    /**
     * Like {@link #of}, then the user's own directory when it exists:
     * {@code $XDG_CONFIG_HOME/dmon/tls}, else {@code $HOME/.config/dmon/tls}.
     */
    public static Optional<TlsDirChoice> withUserDefault(String option, Map<String, String> env) {
        Optional<TlsDirChoice> given = of(option, env);
        if (given.isPresent()) {
            return given;
        }
        return userDefault(env).filter(Files::isDirectory).map(dir -> new TlsDirChoice(dir, dir.toString()));
    }

    /** {@code $XDG_CONFIG_HOME/dmon/tls}, else {@code $HOME/.config/dmon/tls}; empty without either. */
    public static Optional<Path> userDefault(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Optional.of(Path.of(xdg, "dmon", "tls"));
        }
        String home = env.get("HOME");
        if (home != null && !home.isEmpty()) {
            return Optional.of(Path.of(home, ".config", "dmon", "tls"));
        }
        return Optional.empty();
    }

    /**
     * Prefix for a one-line error about this directory ({@code "--tls-dir: "}, {@code
     * "$DMON_TLS_DIR: "}; nothing for the default, whose path the error names anyway).
     */
    public String describe() {
        return source.equals(dir.toString()) ? "" : source + ": ";
    }
}
