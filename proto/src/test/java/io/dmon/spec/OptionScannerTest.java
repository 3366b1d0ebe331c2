package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DMon's cflag grammar, as dmon and the log tools read it: exact -X or --name words, a value always the next word. */
class OptionScannerTest {
    private record Option(char letter, String longName, boolean takesValue) implements OptionScanner.Option {
        @Override
        public boolean negatable() {
            return !takesValue && this != HELP;
        }
    }

    private static final Option VALUE = new Option('p', "prefix", true);
    private static final Option FLAG = new Option('b', "buffered", false);
    private static final Option OTHER = new Option('t', "timestamp", false);
    private static final Option HELP = new Option('h', "help", false);
    private static final List<Option> TABLE = List.of(VALUE, FLAG, OTHER, HELP);

    /** The options read, as {@code -p=VALUE}, {@code -b}, {@code -b=off}, then {@code FILE=operand}. */
    private static List<String> scan(String... words) throws SpecException {
        OptionScanner<Option> scanner = new OptionScanner<>(TABLE, List.of(words), "");
        List<String> seen = new ArrayList<>();
        for (var use = scanner.next(); use != null; use = scanner.next()) {
            String name = "-" + use.option().letter();
            seen.add(use.value() != null ? name + "=" + use.value() : !use.negated() ? name : name + "=off");
        }
        String operand = scanner.operand();
        if (operand != null) {
            seen.add("FILE=" + operand);
        }
        return seen;
    }

    private static void assertRefused(String message, String... words) {
        assertThatThrownBy(() -> scan(words)).isInstanceOf(SpecException.class).hasMessage(message);
    }

    @Test
    void shortAndLongNamesAreTheSameOption() throws SpecException {
        assertThat(scan("-p", "a", "--prefix", "b", "-b", "--buffered", "-t", "--timestamp", "-h", "--help"))
                .containsExactly("-p=a", "-p=b", "-b", "-b", "-t", "-t", "-h", "-h");
    }

    @Test
    void theValueIsTheNextWordWhateverItLooksLike() throws SpecException {
        assertThat(scan("-p", "-b", "--prefix", "--", "-p", "", "-p", "x=y", "f"))
                .containsExactly("-p=-b", "-p=--", "-p=", "-p=x=y", "FILE=f");
    }

    @Test
    void aMissingValueIsRefused() {
        assertRefused("option -p needs a value", "-b", "-p");
        assertRefused("option --prefix needs a value", "--prefix");
    }

    @Test
    void unknownOptionsAreRefused() {
        assertRefused("unknown option '-x'", "-x", "f");
        assertRefused("unknown option '--nope'", "--nope");
        assertRefused("unknown option '--Prefix'", "--Prefix", "a");
        assertRefused("unknown option '-B'", "-B");
    }

    @Test
    void bundledFlagsAreRefusedWithAHint() {
        assertRefused("unknown option '-bt' (options are not bundled: write -b -t)", "-bt", "f");
        assertRefused("unknown option '-bp' (options are not bundled and take their value as the next word)",
                "-bp", "x");
        assertRefused("unknown option '-xy' (options are not bundled and take their value as the next word)", "-xy");
    }

    @Test
    void anAttachedValueIsRefusedWithAHint() {
        assertRefused("unknown option '-pjob' (give the value as the next word: -p job)", "-pjob", "f");
    }

    @Test
    void nameEqualsValueIsRefusedWithAHint() {
        assertRefused("unknown option '--prefix=job' (give the value as the next word: --prefix job)",
                "--prefix=job", "f");
        assertRefused("unknown option '--prefix=' (give the value as the next word: --prefix '')", "--prefix=");
        assertRefused("unknown option '--buffered=yes' (--buffered takes no value)", "--buffered=yes");
        assertRefused("unknown option '--nope=1'", "--nope=1");
    }

    @Test
    void noNameTurnsAFlagOffButNothingElse() throws SpecException {
        assertThat(scan("-b", "--no-buffered", "--no-timestamp")).containsExactly("-b", "-b=off", "-t=off");
        assertRefused("unknown option '--no-prefix'", "--no-prefix", "x");
        assertRefused("unknown option '--no-help'", "--no-help");
        assertRefused("unknown option '--no-b'", "--no-b");
    }

    @Test
    void optionsEndAtTheOperand() throws SpecException {
        assertThat(scan("-b", "f")).containsExactly("-b", "FILE=f");
    }

    @Test
    void wordsAfterTheOperandAreIgnoredAsInDmon() throws SpecException {
        assertThat(scan("-b", "f", "-t")).containsExactly("-b", "FILE=f");
        assertThat(scan("f", "--prefix", "x")).containsExactly("FILE=f");
        assertThat(scan("f", "g")).containsExactly("FILE=f");
        assertThat(scan("--", "f", "-t")).containsExactly("FILE=f");
    }

    @Test
    void dashAloneIsTheOperand() throws SpecException {
        assertThat(scan("-b", "-")).containsExactly("-b", "FILE=-");
    }

    @Test
    void doubleDashEndsTheOptions() throws SpecException {
        assertThat(scan("-b", "--", "-t")).containsExactly("-b", "FILE=-t");
        assertThat(scan("--", "--")).containsExactly("FILE=--");
        assertThat(scan("-b", "--")).containsExactly("-b");
        assertThat(scan("--")).isEmpty();
    }

    @Test
    void noWordsNoOptionsNoOperand() throws SpecException {
        assertThat(scan()).isEmpty();
    }

    @Test
    void helpIsAnOptionLikeAnyOtherTheToolStopsAt() throws SpecException {
        OptionScanner<Option> scanner = new OptionScanner<>(TABLE, List.of("-b", "--help", "-x"), "");
        assertThat(scanner.next().option()).isEqualTo(FLAG);
        assertThat(scanner.next().option()).isSameAs(HELP);
        assertThatThrownBy(scanner::next).hasMessage("unknown option '-x'");
    }

    @Test
    void aLongNameThatStartsWithNoIsFoundBeforeANegation() throws SpecException {
        Option noDaemon = new Option('n', "no-daemon", false);
        Option daemon = new Option('d', "daemon", false);
        OptionScanner<Option> scanner = new OptionScanner<>(List.of(noDaemon, daemon),
                List.of("--no-daemon", "--no-no-daemon"), "");
        assertThat(scanner.next()).isEqualTo(new OptionScanner.Use<>(noDaemon, "--no-daemon", null, false));
        assertThat(scanner.next()).isEqualTo(new OptionScanner.Use<>(noDaemon, "--no-no-daemon", null, true));
    }

    @Test
    void messagesCarryWhereTheWordsCameFrom() {
        OptionScanner<Option> scanner = new OptionScanner<>(TABLE, List.of("-bt"), "DLOG_OPTIONS");
        assertThatThrownBy(scanner::next).isInstanceOf(SpecException.class)
                .hasMessage("DLOG_OPTIONS: unknown option '-bt' (options are not bundled: write -b -t)");
    }

    @Test
    void aWordWithoutADashGetsNoBundlingHint() {
        // A config file names options without dashes; "bt" is no bundle of -b and -t there.
        assertThat(OptionScanner.unknownOption(TABLE, "bt")).isEqualTo("unknown option 'bt'");
    }
}
