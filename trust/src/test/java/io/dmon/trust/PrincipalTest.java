package io.dmon.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrincipalTest {
    @Test
    void parsesAndPrintsUris() {
        Principal alice = Principal.parse("dmon://operator/alice");
        assertThat(alice).isEqualTo(new Principal(Role.OPERATOR, "alice"));
        assertThat(alice.uri()).isEqualTo("dmon://operator/alice");
        assertThat(alice).hasToString("operator/alice");
    }

    @Test
    void refusesMalformedUrisWithoutEchoingThem() {
        assertThatThrownBy(() -> Principal.parse("https://operator/alice")).hasMessageContaining("not a dmon principal");
        assertThatThrownBy(() -> Principal.parse("dmon://root/alice")).hasMessageContaining("unknown role");
        assertThatThrownBy(() -> Principal.parse("dmon://agent")).hasMessageContaining("without a name");
        assertThatThrownBy(() -> Principal.parse("dmon://agent/")).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> Principal.parse("dmon://agent/a/b")).hasMessageContaining("may hold only");
        String huge = "x".repeat(100_000);
        assertThatThrownBy(() -> Principal.parse("dmon://agent/" + huge))
                .hasMessageContaining("longer than")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    @Test
    void operatorLadderAndMachineRoles() {
        assertThat(Role.ADMIN.satisfies(Role.OPERATOR)).isTrue();
        assertThat(Role.ADMIN.satisfies(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.satisfies(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.satisfies(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.satisfies(Role.ADMIN)).isFalse();
        assertThat(Role.AGENT.satisfies(Role.VIEWER)).isFalse();
        assertThat(Role.ADMIN.satisfies(Role.AGENT)).isFalse();
        assertThat(Role.COORDINATOR.satisfies(Role.AGENT)).isFalse();
        assertThat(Role.AGENT.satisfies(Role.AGENT)).isTrue();
    }
}
