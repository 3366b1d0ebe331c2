package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void blanksSeparateWords() throws SpecException {
        assertThat(ShellWords.split("  -n\t-e \n -L 4.0  ", "X")).containsExactly("-n", "-e", "-L", "4.0");
    }

    @Test
    void emptyOrBlankTextHasNoWords() throws SpecException {
        assertThat(ShellWords.split("", "X")).isEmpty();
        assertThat(ShellWords.split(" \t\n", "X")).isEmpty();
    }

    @Test
    void singleQuotesKeepEverythingLiterally() throws SpecException {
        assertThat(ShellWords.split("-E 'A=x y \\n \"q\"'", "X")).containsExactly("-E", "A=x y \\n \"q\"");
    }

    @Test
    void doubleQuotesKeepBlanksAndHonourBackslashEscapes() throws SpecException {
        assertThat(ShellWords.split("\"a b\" \"c\\\"d\" \"e\\\\f\" \"g\\h\"", "X"))
                .containsExactly("a b", "c\"d", "e\\f", "g\\h");
    }

    @Test
    void quotedPartsJoinTheWordAroundThem() throws SpecException {
        assertThat(ShellWords.split("A='b c'd\"e f\"", "X")).containsExactly("A=b cde f");
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() throws SpecException {
        assertThat(ShellWords.split("-E '' x", "X")).containsExactly("-E", "", "x");
    }

    @Test
    void backslashEscapesOneCharacterOutsideQuotes() throws SpecException {
        assertThat(ShellWords.split("a\\ b c\\'d", "X")).containsExactly("a b", "c'd");
    }

    @Test
    void backslashNewlineJoinsLines() throws SpecException {
        assertThat(ShellWords.split("-n \\\n-e", "X")).containsExactly("-n", "-e");
    }

    @Test
    void hashAtTheStartOfAWordCommentsOutTheLine() throws SpecException {
        assertThat(ShellWords.split("-n # a comment -e\n-s a#b", "X")).containsExactly("-n", "-s", "a#b");
    }

    @Test
    void unterminatedQuotesAndTrailingBackslashAreErrorsNamingTheOrigin() {
        assertThatThrownBy(() -> ShellWords.split("-E 'abc", "DMON_OPTIONS"))
                .isInstanceOf(SpecException.class)
                .hasMessage("DMON_OPTIONS: unterminated single quote");
        assertThatThrownBy(() -> ShellWords.split("-E \"abc", "DMON_OPTIONS"))
                .hasMessage("DMON_OPTIONS: unterminated double quote");
        assertThatThrownBy(() -> ShellWords.split("abc\\", "DMON_OPTIONS"))
                .hasMessage("DMON_OPTIONS: backslash at the end of the text");
    }
}
