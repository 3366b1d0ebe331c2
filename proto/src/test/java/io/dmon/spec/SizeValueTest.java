package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizeValueTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "150, 150", "1k, 1024", "150k, 153600", "2m, 2097152", "1g, 1073741824",
        "1K, 1024", "3M, 3145728", "2G, 2147483648"
    })
    void parsesBytesWithPowerOf1024Suffixes(String text, long bytes) throws SpecException {
        assertThat(SizeValue.parseBytes("-s", text)).isEqualTo(bytes);
    }

    @Test
    void badSuffixNamesTheOptionAndTheText() {
        assertThatThrownBy(() -> SizeValue.parseBytes("-s", "5x"))
                .isInstanceOf(SpecException.class)
                .hasMessage("option -s: bad size value '5x' (a whole number of bytes, optionally"
                        + " suffixed with k, m, g)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"k", "-1", "1.5k", "1 k", "0x10", "kk", "1t"})
    void refusesWhatIsNotAWholeNumber(String text) {
        assertThatThrownBy(() -> SizeValue.parseBytes("-s", text))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("option -s: ")
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void refusesEmptyAndOverflowingValues() {
        assertThatThrownBy(() -> SizeValue.parseBytes("-s", "")).hasMessage("option -s: empty size value");
        assertThatThrownBy(() -> SizeValue.parseBytes("-s", "9000000000000g"))
                .hasMessage("option -s: size value '9000000000000g' is too large");
    }
}
