package io.dmon.cli.output;

import java.util.List;

/** Gate names in a sentence: {@code gate dbload}, {@code gates dbload, night}. */
final class GateNames {
    private GateNames() {
    }

    static String phrase(List<String> gates) {
        return (gates.size() == 1 ? "gate " : "gates ") + String.join(", ", gates);
    }
}
