package io.dmon.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EnvironmentBuilder and the option steps, without files or processes. */
class DenvEnvironmentTest {
    private static final Map<String, String> PARENT = parent();

    private static Map<String, String> parent() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("HOME", "/root");
        m.put("PATH", "/usr/bin:/bin");
        m.put("LANG", "C.UTF-8");
        return m;
    }

    private static List<String> build(EnvStep... steps) throws DenvException {
        return new EnvironmentBuilder(PARENT).apply(List.of(steps)).entries();
    }

    @Test
    void startsEmpty() throws DenvException {
        assertThat(build()).isEmpty();
    }

    @Test
    void inheritAllCopiesTheParentInItsOrder() throws DenvException {
        assertThat(build(new EnvStep.InheritAll())).containsExactly("HOME=/root", "PATH=/usr/bin:/bin", "LANG=C.UTF-8");
    }

    @Test
    void inheritTakesOneVariableByExactNameAndIgnoresUnsetOnes() throws DenvException {
        assertThat(build(new EnvStep.Inherit("PATH"))).containsExactly("PATH=/usr/bin:/bin");
        assertThat(build(new EnvStep.Inherit("PATHX"), new EnvStep.Inherit("PAT"), new EnvStep.Inherit("NOPE")))
                .isEmpty();
    }

    @Test
    void assignSetsAndRemoveRemoves() throws DenvException {
        assertThat(build(new EnvStep.Assign("A", "1"), new EnvStep.Assign("B", ""), new EnvStep.Remove("A")))
                .containsExactly("B=");
        assertThat(build(new EnvStep.Remove("NEVER_SET"))).isEmpty();
    }

    @Test
    void laterStepsOverrideEarlierOnesAndMoveTheVariableToTheEnd() throws DenvException {
        assertThat(build(new EnvStep.Assign("HOME", "/tmp"), new EnvStep.InheritAll()))
                .containsExactly("HOME=/root", "PATH=/usr/bin:/bin", "LANG=C.UTF-8");
        assertThat(build(new EnvStep.InheritAll(), new EnvStep.Assign("HOME", "/tmp")))
                .containsExactly("PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp");
        assertThat(build(new EnvStep.InheritAll(), new EnvStep.Remove("PATH"), new EnvStep.Inherit("PATH")))
                .containsExactly("HOME=/root", "LANG=C.UTF-8", "PATH=/usr/bin:/bin");
    }

    @Test
    void valuesMayHoldEqualsSignsAndAnyText() throws DenvException {
        assertThat(new EnvironmentBuilder(PARENT).apply(List.of(new EnvStep.Assign("Q", "a=b c\tñ"))).variables())
                .isEqualTo(Map.of("Q", "a=b c\tñ"));
    }
}
