package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserSpecTest {

    @Test
    void userAlone() throws SpecException {
        assertThat(UserSpec.parse("-u", "nobody")).isEqualTo(new UserSpec("nobody", List.of()));
    }

    @Test
    void userAndGroupsByNameOrNumber() throws SpecException {
        assertThat(UserSpec.parse("-u", "log:wheel")).isEqualTo(new UserSpec("log", List.of("wheel")));
        assertThat(UserSpec.parse("-U", "1000:100:adm:4"))
                .isEqualTo(new UserSpec("1000", List.of("100", "adm", "4")));
    }

    @Test
    void textIsKeptAsGiven() throws SpecException {
        for (String text : new String[] {"nobody", "0x10:010", "a:b:c"}) {
            assertThat(UserSpec.parse("-u", text).text()).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":wheel", ":"})
    void missingUserIsRefused(String text) {
        assertThatThrownBy(() -> UserSpec.parse("-u", text))
                .isInstanceOf(SpecException.class)
                .hasMessage("option -u: no user in '" + text + "' (the format is user[:group1[:group2...]])");
    }

    @ParameterizedTest
    @ValueSource(strings = {"log:", "log::wheel", "log:wheel:"})
    void emptyGroupIsRefused(String text) {
        assertThatThrownBy(() -> UserSpec.parse("--log-user", text))
                .hasMessage("option --log-user: empty group name in '" + text
                        + "' (the format is user[:group1[:group2...]])");
    }

    @Test
    void groupsAreImmutable() {
        UserSpec spec = new UserSpec("a", new java.util.ArrayList<>(List.of("b")));
        assertThatThrownBy(() -> spec.groups().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructorGuardsItsParts() {
        assertThatThrownBy(() -> new UserSpec("", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserSpec("a:b", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserSpec("a", List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }
}
