package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@link JobSpecParser} with config files held in memory. */
final class ParserFixture {
    final Map<String, String> files = new HashMap<>();
    final ConfigFileReader reader = path -> {
        String text = files.get(path);
        if (text == null) {
            throw new NoSuchFileException(path);
        }
        return text;
    };
    private final JobSpecParser parser = new JobSpecParser();

    ParsedArgs parse(String env, String... argv) throws SpecException {
        return parser.parse(env, List.of(argv), reader);
    }

    /** The job the command line (no DMON_OPTIONS) asks for. */
    JobSpec spec(String... argv) throws SpecException {
        return specWithEnv(null, argv);
    }

    JobSpec specWithEnv(String env, String... argv) throws SpecException {
        ParsedArgs parsed = parse(env, argv);
        assertThat(parsed.action()).isEqualTo(ParsedArgs.Action.RUN);
        return parsed.spec();
    }

    /** The one-line message parsing fails with. */
    String error(String... argv) {
        return errorWithEnv(null, argv);
    }

    String errorWithEnv(String env, String... argv) {
        SpecException e = catchThrowableOfType(SpecException.class, () -> parse(env, argv));
        assertThat(e).as("parsing %s with DMON_OPTIONS %s should fail", List.of(argv), env).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e.getMessage();
    }
}
