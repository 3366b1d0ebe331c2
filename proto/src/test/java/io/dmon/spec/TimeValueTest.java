package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeValueTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "5, 5", "30s, 30", "2m, 120", "3h, 10800", "1d, 86400", "2w, 1209600", "007, 7"
    })
    void parsesSecondsWithDmonSuffixes(String text, long seconds) throws SpecException {
        assertThat(TimeValue.parseSeconds("-t", text)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({"1M, 2592000", "2y, 63072000", "5m, 300", "10, 10"})
    void monthsAndYearsAsInDmonsOneTimeParser(String text, long seconds) throws SpecException {
        assertThat(TimeValue.parseSeconds("-t", text)).isEqualTo(seconds);
        assertThat(TimeValue.parseSeconds("-T", text)).isEqualTo(seconds);
    }

    @Test
    void badSuffixNamesTheOptionTheTextAndTheUnits() {
        assertThatThrownBy(() -> TimeValue.parseSeconds("-t", "5x"))
                .hasMessage("option -t: bad time value '5x' (a whole number of seconds, optionally"
                        + " suffixed with s, m, h, d, w, M, y)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"m", "-5", "1.5", " 5", "5 ", "0x10", "5mm", "+5"})
    void refusesWhatIsNotAWholeNumber(String text) {
        assertThatThrownBy(() -> TimeValue.parseSeconds("--timeout", text))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("option --timeout: ")
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void refusesEmptyText() {
        assertThatThrownBy(() -> TimeValue.parseSeconds("-i", ""))
                .hasMessage("option -i: empty time value");
    }

    @Test
    void refusesValuesThatOverflow() {
        assertThatThrownBy(() -> TimeValue.parseSeconds("-i", "99999999999999999999"))
                .hasMessage("option -i: time value '99999999999999999999' is too large");
        assertThatThrownBy(() -> TimeValue.parseSeconds("-T", "1000000000000y"))
                .hasMessage("option -T: time value '1000000000000y' is too large");
    }

    @Test
    void messagesAreOneLine() {
        assertThatThrownBy(() -> TimeValue.parseSeconds("-i", "x"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
