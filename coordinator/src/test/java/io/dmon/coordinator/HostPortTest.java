package io.dmon.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesNamesAddressesAndBracketedV6() {
        assertThat(HostPort.parse("coord1:7700")).isEqualTo(new HostPort("coord1", 7700));
        assertThat(HostPort.parse("[::1]:0")).isEqualTo(new HostPort("::1", 0));
        assertThat(new HostPort("::1", 5701)).hasToString("[::1]:5701");
        assertThat(new HostPort("10.0.0.1", 5701)).hasToString("10.0.0.1:5701");
    }

    @Test
    void refusesWithOneLine() {
        assertThatThrownBy(() -> HostPort.parse(":7700")).hasMessage("':7700' is not HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse("h:")).hasMessage("'h:' is not HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse("h:x")).hasMessage("'h:x': bad port 'x'");
        assertThatThrownBy(() -> HostPort.parse("h:-1")).hasMessage("'h:-1': port -1 is not in 0..65535");
    }
}
