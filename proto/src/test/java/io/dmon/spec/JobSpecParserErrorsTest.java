package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way dmon's arguments can be wrong, and the one line that says so. */
class JobSpecParserErrorsTest {
    private final ParserFixture p = new ParserFixture();

    @Test
    void unknownOptions() {
        assertThat(p.error("--frob", "cmd")).isEqualTo("unknown option '--frob'");
        assertThat(p.error("-x", "cmd")).isEqualTo("unknown option '-x'");
        assertThat(p.error("--no-frob", "cmd")).isEqualTo("unknown option '--no-frob'");
        assertThat(p.error("--no-pid-file", "x", "cmd")).isEqualTo("unknown option '--no-pid-file'");
        assertThat(p.error("--no-help")).isEqualTo("unknown option '--no-help'");
        assertThat(p.error("--N", "cmd")).isEqualTo("unknown option '--N'");
    }

    @Test
    void attachedLongValueIsRefusedWithAHint() {
        assertThat(p.error("--load-high=4.0", "cmd"))
                .isEqualTo("unknown option '--load-high=4.0' (give the value as the next word: --load-high 4.0)");
        assertThat(p.error("--frob=1", "cmd")).isEqualTo("unknown option '--frob=1'");
    }

    @Test
    void bundledOrAttachedShortOptionsAreRefusedWithAHint() {
        assertThat(p.error("-ne", "cmd")).isEqualTo("unknown option '-ne' (options are not bundled: write -n -e)");
        assertThat(p.error("-nes", "cmd")).isEqualTo("unknown option '-nes' (options are not bundled: write -n -e -s)");
        assertThat(p.error("-L4.0", "cmd"))
                .isEqualTo("unknown option '-L4.0' (give the value as the next word: -L 4.0)");
        assertThat(p.error("-t5", "cmd")).isEqualTo("unknown option '-t5' (give the value as the next word: -t 5)");
        assertThat(p.error("-nL", "4", "cmd"))
                .isEqualTo("unknown option '-nL' (options are not bundled and take their value as the next word)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-I", "-p", "-W", "-i", "-t", "-L", "-l", "-E", "-u", "-U", "-m", "-r",
        "--write-info", "--limit"})
    void missingValue(String option) {
        assertThat(p.error("-n", option)).isEqualTo("option " + option + " needs a value");
    }

    @Test
    void noCommand() {
        assertThat(p.error()).isEqualTo("no command to run given");
        assertThat(p.error("-n", "-e")).isEqualTo("no command to run given");
        assertThat(p.error("-n", "--")).isEqualTo("no command to run given");
        assertThat(p.error("--", "--", "dlog")).isEqualTo("no command to run given");
    }

    @Test
    void emptyProgramNames() {
        assertThat(p.error("")).isEqualTo("the command to run is an empty word");
        assertThat(p.error("cmd", "--", "")).isEqualTo("the log command is an empty word");
    }

    @Test
    void intervalWithOnce() {
        assertThat(p.error("-i", "5", "-1", "cmd")).isEqualTo("options -i and -1 cannot be used together");
        assertThat(p.errorWithEnv("--once", "--interval", "1m", "cmd"))
                .isEqualTo("options -i and -1 cannot be used together");
    }

    @Test
    void badNumbers() {
        assertThat(p.error("-L", "abc", "cmd")).isEqualTo("option -L: 'abc' is not a number");
        assertThat(p.error("--load-low", "1,5", "cmd")).isEqualTo("option --load-low: '1,5' is not a number");
        assertThat(p.error("-L", "nan", "cmd")).isEqualTo("option -L: 'nan' is not a number");
        assertThat(p.error("-L", "inf", "cmd")).isEqualTo("option -L: 'inf' is not a number");
        assertThat(p.error("-L", "0x10", "cmd")).isEqualTo("option -L: '0x10' is not a number");
        assertThat(p.error("-L", "", "cmd")).isEqualTo("option -L: '' is not a number");
        assertThat(p.error("-L", " 4", "cmd")).isEqualTo("option -L: ' 4' is not a number");
        assertThat(p.error("-L", "1e999", "cmd")).isEqualTo("option -L: load '1e999' is too large");
    }

    @Test
    void negativeLoads() {
        assertThat(p.error("-L", "-1", "cmd")).isEqualTo("option -L: load '-1' is negative");
        assertThat(p.error("-l", "-0.5", "cmd")).isEqualTo("option -l: load '-0.5' is negative");
    }

    @Test
    void loadLowAboveLoadHigh() {
        assertThat(p.error("-L", "2", "-l", "3", "cmd")).isEqualTo("option -l: load 3 is above the -L load 2"
                + " (the command would be paused and resumed every second)");
        assertThat(p.error("-L", "1.5", "-l", "1.75", "cmd")).startsWith("option -l: load 1.75 is above the -L load 1.5");
    }

    @Test
    void badTimes() {
        assertThat(p.error("-t", "5x", "cmd")).isEqualTo("option -t: bad time value '5x' (a whole number of"
                + " seconds, optionally suffixed with s, m, h, d, w, M, y)");
        assertThat(p.error("--interval", "-5", "cmd")).startsWith("option --interval: bad time value '-5'");
        assertThat(p.error("-i", "", "cmd")).isEqualTo("option -i: empty time value");
    }

    @Test
    void badMaxRespawns() {
        assertThat(p.error("-m", "-2", "cmd")).isEqualTo("option -m: '-2' is negative (-1 means no limit)");
        assertThat(p.error("-m", "5x", "cmd")).isEqualTo("option -m: '5x' is not a whole number");
        assertThat(p.error("-m", "+5", "cmd")).isEqualTo("option -m: '+5' is not a whole number");
        assertThat(p.error("--max-respawns", "", "cmd")).isEqualTo("option --max-respawns: '' is not a whole number");
        assertThat(p.error("-m", "99999999999", "cmd")).isEqualTo("option -m: '99999999999' is too large");
    }

    @Test
    void badLimits() {
        assertThat(p.error("-r", "foo=1", "cmd")).isEqualTo("option -r: unknown limit 'foo' (see -r help)");
        assertThat(p.error("--limit", "foo", "cmd")).isEqualTo("option --limit: unknown limit 'foo' (see -r help)");
        assertThat(p.error("-r", "files", "cmd")).isEqualTo("option -r: limit 'files' needs a value (files=VALUE)");
        assertThat(p.error("-r", "files=lots", "cmd")).startsWith("option -r files: bad numeric value 'lots'");
        assertThat(p.error("-r", "stack=8x", "cmd")).startsWith("option -r stack: bad size value '8x'");
    }

    @Test
    void badEnvironAndUsers() {
        assertThat(p.error("-E", "=v", "cmd")).isEqualTo("option -E: no variable name in '=v'");
        assertThat(p.error("-u", ":wheel", "cmd")).startsWith("option -u: no user in ':wheel'");
        assertThat(p.error("-U", "log:", "cmd")).startsWith("option -U: empty group name in 'log:'");
    }

    @Test
    void emptyPaths() {
        assertThat(p.error("-p", "", "cmd")).isEqualTo("option -p: empty path");
        assertThat(p.error("--write-info", "", "cmd")).isEqualTo("option --write-info: empty path");
        assertThat(p.error("-W", "", "cmd")).isEqualTo("option -W: empty path");
        assertThat(p.error("-C", "", "cmd")).isEqualTo("option -C: empty path");
    }

    @Test
    void configOptionOnlyFirst() {
        p.files.put("c", "no-daemon");
        assertThat(p.error("-n", "-C", "c", "cmd")).isEqualTo("option -C must be the first option on the command line");
        assertThat(p.error("-n", "--config", "c", "cmd"))
                .isEqualTo("option --config must be the first option on the command line");
        assertThat(p.errorWithEnv("-C c", "cmd"))
                .isEqualTo("DMON_OPTIONS: option -C must be the first option on the command line");
        p.files.put("nested", "config c");
        assertThat(p.error("-C", "nested", "cmd"))
                .isEqualTo("config file 'nested', line 1: option config must be the first option on the command line");
    }

    @Test
    void configOptionWithoutPath() {
        assertThat(p.error("-C")).isEqualTo("option -C needs a value");
        assertThat(p.error("--config")).isEqualTo("option --config needs a value");
    }

    @Test
    void unreadableConfigFile() {
        assertThat(p.error("-C", "x", "cmd")).isEqualTo("cannot read config file 'x': No such file or directory");
        assertThat(error(path -> {
            throw new AccessDeniedException(path);
        })).isEqualTo("cannot read config file 'f': Permission denied");
        assertThat(error(path -> {
            throw new IOException("Is a directory");
        })).isEqualTo("cannot read config file 'f': Is a directory");
        assertThat(error(path -> {
            throw new IOException();
        })).isEqualTo("cannot read config file 'f': IOException");
    }

    private static String error(ConfigFileReader reader) {
        try {
            new JobSpecParser().parse(null, List.of("-C", "f", "cmd"), reader);
        } catch (SpecException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void configFileErrorsNameFileAndLine() {
        p.files.put("c", "no-daemon\n\nload-high abc\n");
        assertThat(p.error("-C", "c", "cmd")).isEqualTo("config file 'c', line 3: option load-high: 'abc' is not a number");
        p.files.put("c", "no-daemon\nfrobnicate\n");
        assertThat(p.error("-C", "c", "cmd")).isEqualTo("config file 'c', line 2: unknown option 'frobnicate'");
        p.files.put("c", "once\npid-file");
        assertThat(p.error("-C", "c", "cmd")).isEqualTo("config file 'c', line 2: option pid-file needs a value");
        p.files.put("c", "sh -c true");
        assertThat(p.error("-C", "c", "cmd")).isEqualTo("config file 'c', line 1: unknown option 'sh'");
    }

    @Test
    void environmentErrorsSayTheyComeFromTheEnvironment() {
        assertThat(p.errorWithEnv("--frob", "cmd")).isEqualTo("DMON_OPTIONS: unknown option '--frob'");
        assertThat(p.errorWithEnv("-t", "cmd")).isEqualTo("DMON_OPTIONS: option -t needs a value");
        assertThat(p.errorWithEnv("-t 5x", "cmd")).startsWith("DMON_OPTIONS: option -t: bad time value '5x'");
        assertThat(p.errorWithEnv("-E 'unterminated", "cmd")).isEqualTo("DMON_OPTIONS: unterminated single quote");
    }

    @Test
    void environmentMayHoldOnlyOptions() {
        assertThat(p.errorWithEnv("-n sh -c", "true")).isEqualTo("DMON_OPTIONS: 'sh' is not an option"
                + " (DMON_OPTIONS may hold only options; the command goes on the command line)");
        assertThat(p.errorWithEnv("-n --", "cmd")).startsWith("DMON_OPTIONS: '--' is not an option");
    }

    @Test
    void firstErrorWins() {
        assertThat(p.error("-t", "bad", "--frob", "cmd")).startsWith("option -t: bad time value");
        assertThat(p.error("--frob", "-h")).isEqualTo("unknown option '--frob'");
        assertThat(p.errorWithEnv("-L x", "-t", "bad", "cmd")).startsWith("DMON_OPTIONS: option -L");
    }
}
