package io.dmon.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.wire.HostPort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoordinatorOrderTest {
    private static final List<HostPort> THREE = HostPort.parseDialableList("10.0.0.1:7700,10.0.0.2:7700,10.0.0.3:7700");

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add("web" + i + ".example.net");
        }
        return names;
    }

    @Test
    void aFleetSpreadsEvenlyOverItsCoordinators() {
        Map<HostPort, Integer> first = new HashMap<>();
        for (String name : names(3000)) {
            first.merge(CoordinatorOrder.of(name, THREE).get(0), 1, Integer::sum);
        }
        assertThat(first).containsOnlyKeys(THREE);
        // 1000 each on average; a binomial's standard deviation here is about 26.
        assertThat(first.values()).allSatisfy(n -> assertThat(n).isBetween(900, 1100));
    }

    @Test
    void theOrderIsTheSameEveryTimeAndWhateverTheListsOrder() {
        List<HostPort> shuffled = new ArrayList<>(THREE);
        Collections.shuffle(shuffled, new Random(7));
        for (String name : names(200)) {
            List<HostPort> order = CoordinatorOrder.of(name, THREE);
            assertThat(order).containsExactlyInAnyOrderElementsOf(THREE);
            assertThat(CoordinatorOrder.of(name, shuffled)).isEqualTo(order);
            assertThat(CoordinatorOrder.of(name, List.copyOf(THREE))).isEqualTo(order);
        }
        // Fixed by the hash, not by this run or this JVM: a change of the function would move every agent of a fleet.
        assertThat(CoordinatorOrder.of("h1", HostPort.parseDialableList("a:1,b:2,c:3")))
                .isEqualTo(HostPort.parseDialableList("b:2,c:3,a:1"));
    }

    @Test
    void withoutACoordinatorOnlyTheAgentsThatPreferredItMoveAndTheySpreadOverTheOthers() {
        HostPort gone = THREE.get(0);
        List<HostPort> two = THREE.subList(1, 3);
        Map<HostPort, Integer> movedTo = new HashMap<>();
        for (String name : names(3000)) {
            List<HostPort> before = CoordinatorOrder.of(name, THREE);
            List<HostPort> after = CoordinatorOrder.of(name, two);
            // The order of the others is kept: an agent's fallbacks are its order without the missing one.
            assertThat(after).isEqualTo(before.stream().filter(a -> !a.equals(gone)).toList());
            if (before.get(0).equals(gone)) {
                movedTo.merge(after.get(0), 1, Integer::sum);
            }
        }
        assertThat(movedTo).containsOnlyKeys(two);
        int moved = movedTo.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(movedTo.values()).allSatisfy(n -> assertThat(n).isBetween(moved * 4 / 10, moved * 6 / 10));
    }

    @Test
    void aRepeatedAddressIsTriedOnce() {
        assertThat(CoordinatorOrder.of("h1", HostPort.parseDialableList("a:1,b:2,a:1"))).hasSize(2);
    }
}
