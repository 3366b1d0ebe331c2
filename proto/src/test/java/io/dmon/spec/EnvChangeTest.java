package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvChangeTest {

    @Test
    void nameAloneUnsets() throws SpecException {
        EnvChange change = EnvChange.parse("-E", "HOME");
        assertThat(change).isEqualTo(EnvChange.unset("HOME"));
        assertThat(change.value()).isNull();
        assertThat(change.isUnset()).isTrue();
    }

    @Test
    void nameEqualsValueSets() throws SpecException {
        assertThat(EnvChange.parse("-E", "LANG=C.UTF-8")).isEqualTo(new EnvChange("LANG", "C.UTF-8"));
    }

    @Test
    void nameEqualsNothingSetsEmpty() throws SpecException {
        EnvChange change = EnvChange.parse("-E", "X=");
        assertThat(change.value()).isEmpty();
        assertThat(change.isUnset()).isFalse();
    }

    @Test
    void nameEndsAtTheFirstEqualsSign() throws SpecException {
        assertThat(EnvChange.parse("-E", "OPTS=a=b=c")).isEqualTo(EnvChange.set("OPTS", "a=b=c"));
    }

    @Test
    void textRoundTrips() throws SpecException {
        for (String text : new String[] {"A", "A=", "A=b=c"}) {
            assertThat(EnvChange.parse("-E", text).text()).isEqualTo(text);
        }
    }

    @Test
    void emptyNameIsRefused() {
        assertThatThrownBy(() -> EnvChange.parse("--environ", "=x"))
                .isInstanceOf(SpecException.class)
                .hasMessage("option --environ: no variable name in '=x'");
        assertThatThrownBy(() -> EnvChange.parse("-E", ""))
                .hasMessage("option -E: no variable name in ''");
    }

    @Test
    void constructorGuardsTheName() {
        assertThatThrownBy(() -> new EnvChange("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnvChange("A=B", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvChange.set("A", null)).isInstanceOf(NullPointerException.class);
    }
}
