package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * dmon's option grammar under random words: every input is either a job (or a help request) or
 * one {@link SpecException} whose message is one line of bounded length; nothing else is thrown.
 * The words mix dmon's options, their values (good and bad), config file contents, empty and huge
 * words and control characters.
 */
class JobSpecParserFuzzTest {
    private static final AtomicLong TRIED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();

    @AfterContainer
    static void report() {
        System.out.println("JobSpecParserFuzzTest: " + TRIED.get() + " inputs tried, " + REFUSED.get()
                + " refused with one line, 0 crashes");
    }

    @Property(tries = 3000)
    void anyWordsGiveAJobOrOneLine(@ForAll("argv") List<String> argv, @ForAll("env") String env,
                                   @ForAll("config") String config) {
        TRIED.incrementAndGet();
        ConfigFileReader reader = path -> {
            if (path.startsWith("missing")) {
                throw new NoSuchFileException(path);
            }
            return config;
        };
        try {
            ParsedArgs parsed = new JobSpecParser().parse(env, argv, reader);
            assertThat(parsed).isNotNull();
        } catch (SpecException e) {
            REFUSED.incrementAndGet();
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            assertThat(e.getMessage().length()).as(e.getMessage()).isLessThan(2000);
        }
    }

    @Provide
    Arbitrary<List<String>> argv() {
        return word().list().ofMaxSize(12).map(ArrayList::new);
    }

    @Provide
    Arbitrary<String> env() {
        return Arbitraries.oneOf(Arbitraries.just(null), word().list().ofMaxSize(4).map(w -> String.join(" ", w)),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> config() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of("once", "no-daemon", "environ FOO=bar", "timeout 5", "max-respawns x", "# c", "",
                        "sigstop-on-load 1.5", "log-file", "interval -3", "unknown-thing 1", "user nobody"),
                Arbitraries.strings().ofMaxLength(30));
        return line.list().ofMaxSize(6).map(l -> String.join("\n", l));
    }

    private static Arbitrary<String> word() {
        Arbitrary<String> option = Arbitraries.of("-1", "-n", "-e", "-s", "-S", "-C", "-E", "-u", "-U", "-i", "-t",
                "-m", "-L", "-l", "-r", "-I", "-p", "-W", "-h", "--help", "--once", "--environ", "--config",
                "--timeout", "--interval", "--max-respawns", "--limit", "--cmd-user", "--", "-", "-x", "--bogus",
                "-1n", "-L4", "--timeout=5", "-E", "-r", "help", "nofile=10", "files=999999999999", "core",
                "FOO=bar", "=x", "FOO", "0", "-5", "1.5", "NaN", "1e309", "10m", "5y", "3M", "x1", "root",
                "root:wheel", ":", "missing.conf", "a.conf", "sh", "echo", "hi");
        Arbitrary<String> random = Arbitraries.strings().ofMaxLength(20);
        Arbitrary<String> control = Arbitraries.strings().withChars("\n\r\t\0\u2028 -=:,").ofMaxLength(6);
        Arbitrary<String> huge = Arbitraries.integers().between(10_000, 200_000).map("9"::repeat);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, option),
                net.jqwik.api.Tuple.of(4, random),
                net.jqwik.api.Tuple.of(2, control),
                net.jqwik.api.Tuple.of(1, huge),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")));
    }
}
