package io.dmon.agent.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment denv hands to the command. It starts empty; variables come from denv's own
 * environment only when asked for ({@code -I}, {@code -i}).
 *
 * <p>Like DMon's, setting a variable moves it to the end: the entries come out in the order
 * they were last set, which is what a program that prints its environment shows.
 */
final class EnvironmentBuilder {
    private final Map<String, String> parent;
    private final LinkedHashMap<String, String> vars = new LinkedHashMap<>();

    /** @param parent denv's own environment, in its order */
    EnvironmentBuilder(Map<String, String> parent) {
        this.parent = parent;
    }

    /** Applies the steps in order. */
    EnvironmentBuilder apply(List<EnvStep> steps) throws DenvException {
        for (EnvStep step : steps) {
            step.applyTo(this);
        }
        return this;
    }

    void inheritAll() {
        parent.forEach(this::set);
    }

    /** Copies one variable of the parent; a variable the parent lacks is left as it is. */
    void inherit(String name) {
        // Exact names: DMon compares only as many bytes as the parent's name has, so its
        // "-i PATHX" inherits PATH.
        String value = parent.get(name);
        if (value != null) {
            set(name, value);
        }
    }

    void set(String name, String value) {
        vars.remove(name);
        vars.put(name, value);
    }

    void unset(String name) {
        vars.remove(name);
    }

    /** The variables as they are now. */
    Map<String, String> variables() {
        return Map.copyOf(vars);
    }

    /** {@code NAME=VALUE} entries for execve(2), in the order described above. */
    List<String> entries() {
        List<String> out = new ArrayList<>(vars.size());
        vars.forEach((name, value) -> out.add(name + "=" + value));
        return out;
    }
}
