package io.dmon.wire;

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

    @Test
    void dialableAddressesNeedARealPortAndComeInOrderedLists() {
        assertThat(HostPort.parseDialableList("c1:7700, [::1]:7701")).containsExactly(new HostPort("c1", 7700),
                new HostPort("::1", 7701));
        assertThatThrownBy(() -> HostPort.parseDialable("c1:0")).hasMessage("'c1:0' is not HOST:PORT with a port in 1..65535");
        assertThatThrownBy(() -> HostPort.parseDialable("c1:70000"))
                .hasMessage("'c1:70000' is not HOST:PORT with a port in 1..65535");
        assertThatThrownBy(() -> HostPort.parseDialableList("c1:7700,")).hasMessage("empty address in 'c1:7700,'");
    }
}
