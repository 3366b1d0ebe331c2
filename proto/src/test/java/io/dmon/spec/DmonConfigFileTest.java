package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** DMon's -C file format (conf.c), token by token. */
class DmonConfigFileTest {

    private static List<String> read(String text) throws SpecException {
        return DmonConfigFile.parse(text, "f").stream()
                .map(u -> u.value() == null ? u.spelling() : u.spelling() + "=" + u.value())
                .toList();
    }

    @Test
    void optionsAndValuesAreSeparatedByAnyBlanks() throws SpecException {
        assertThat(read("no-daemon once\tload-high\n\n  4 \r\n pid-file p")).containsExactly(
                "no-daemon", "once", "load-high=4", "pid-file=p");
    }

    @Test
    void emptyFileHasNoOptions() throws SpecException {
        assertThat(read("")).isEmpty();
        assertThat(read(" \n\t\n")).isEmpty();
        assertThat(read("# only a comment")).isEmpty();
    }

    @Test
    void hashStartsACommentEvenInsideAWordAsInDmon() throws SpecException {
        assertThat(read("# heading\nenviron URL=http://x/#frag\nonce# trailing\n")).containsExactly(
                "environ=URL=http://x/", "once");
    }

    @Test
    void commentBetweenOptionAndValue() throws SpecException {
        assertThat(read("timeout # seconds\n 30")).containsExactly("timeout=30");
    }

    @Test
    void doubleQuotedValuesKeepBlanksHashesAndLineBreaks() throws SpecException {
        assertThat(read("environ \"A=x y # z\"\nenviron \"B=1\n2\"")).containsExactly(
                "environ=A=x y # z", "environ=B=1\n2");
    }

    @Test
    void doubleQuotedValuesHaveCEscapes() throws SpecException {
        assertThat(read("environ \"A=\\n\\r\\t\\v\\b\\a\\e\\x41\\X7a\\\"\\\\\\q\"")).containsExactly(
                "environ=A=\n\r\t\u000b\b\u0007\u001bAz\"\\q");
    }

    @Test
    void emptyQuotedValue() throws SpecException {
        assertThat(read("environ \"\"")).containsExactly("environ=");
    }

    @Test
    void singleQuotesAreOrdinaryCharacters() throws SpecException {
        assertThat(read("environ 'A=b'")).containsExactly("environ='A=b'");
    }

    @Test
    void quotesInsideAWordAreOrdinaryCharacters() throws SpecException {
        assertThat(read("environ A=\"b\"")).containsExactly("environ=A=\"b\"");
    }

    @Test
    void closingQuoteEndsTheWord() throws SpecException {
        assertThat(read("environ \"A=b\"once")).containsExactly("environ=A=b", "once");
    }

    @Test
    void valuesMayLookLikeOptions() throws SpecException {
        assertThat(read("environ -n max-respawns -1")).containsExactly("environ=-n", "max-respawns=-1");
    }

    @Test
    void commandLineSpellingsAreAcceptedToo() throws SpecException {
        List<OptionUse> uses = DmonConfigFile.parse("-n --once --no-cmd-sigs -t 5", "f");
        assertThat(uses).extracting(OptionUse::option).containsExactly(DmonOption.NO_DAEMON, DmonOption.ONCE,
                DmonOption.CMD_SIGS, DmonOption.TIMEOUT);
        assertThat(uses.get(2).negated()).isTrue();
        assertThat(uses.get(3).value()).isEqualTo("5");
    }

    @Test
    void bareNegationWorksLikeTheLongOption() throws SpecException {
        List<OptionUse> uses = DmonConfigFile.parse("no-once no-daemon", "f");
        assertThat(uses.get(0).negated()).isTrue();
        assertThat(uses.get(1).option()).isEqualTo(DmonOption.NO_DAEMON);
        assertThat(uses.get(1).negated()).isFalse();
    }

    @Test
    void usesKnowTheirLine() throws SpecException {
        assertThat(DmonConfigFile.parse("once\n\n# c\n  timeout\n5", "dir/x.conf"))
                .extracting(OptionUse::where)
                .containsExactly("config file 'dir/x.conf', line 1", "config file 'dir/x.conf', line 4");
    }

    @Test
    void unknownWordsAreErrorsWithFileAndLine() {
        assertThatThrownBy(() -> DmonConfigFile.parse("once\n  frob 1", "f"))
                .isInstanceOf(SpecException.class)
                .hasMessage("config file 'f', line 2: unknown option 'frob'");
        assertThatThrownBy(() -> DmonConfigFile.parse("\"once\"", "f"))
                .hasMessage("config file 'f', line 1: unknown option '\"once\"'");
        assertThatThrownBy(() -> DmonConfigFile.parse("--", "f"))
                .hasMessage("config file 'f', line 1: unknown option '--'");
        assertThatThrownBy(() -> DmonConfigFile.parse("-ne", "f"))
                .hasMessageStartingWith("config file 'f', line 1: unknown option '-ne' (options are not bundled");
        assertThatThrownBy(() -> DmonConfigFile.parse("load-high=4", "f"))
                .hasMessage("config file 'f', line 1: unknown option 'load-high=4'");
    }

    @Test
    void helpIsRefusedInAConfigFile() {
        assertThatThrownBy(() -> DmonConfigFile.parse("help", "f"))
                .hasMessage("config file 'f', line 1: option help cannot be used in a config file");
        assertThatThrownBy(() -> DmonConfigFile.parse("-h", "f"))
                .hasMessage("config file 'f', line 1: option -h cannot be used in a config file");
    }

    @Test
    void missingValue() {
        assertThatThrownBy(() -> DmonConfigFile.parse("timeout # none\n", "f"))
                .hasMessage("config file 'f', line 2: option timeout needs a value");
    }

    @Test
    void unterminatedStringsAndBadHex() {
        assertThatThrownBy(() -> DmonConfigFile.parse("once\nenviron \"A=b\n", "f"))
                .hasMessage("config file 'f', line 2: unterminated string");
        assertThatThrownBy(() -> DmonConfigFile.parse("environ \"A=b\\", "f"))
                .hasMessage("config file 'f', line 1: unterminated string");
        assertThatThrownBy(() -> DmonConfigFile.parse("environ \"\\xZ1\"", "f"))
                .hasMessage("config file 'f', line 1: invalid hex sequence in string (\\x needs two hex digits)");
        assertThatThrownBy(() -> DmonConfigFile.parse("environ \"\\x4", "f"))
                .hasMessageContaining("invalid hex sequence");
    }
}
