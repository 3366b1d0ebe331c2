package io.dmon.agent.process.cgroup;

import java.util.Locale;

/**
 * What {@code --cgroups} asks for: the best holder there is ({@code auto}: v2, else the v1
 * freezer, else the process group), one of them only (falling back to the process group, with
 * the reason said, when it cannot be had), or none.
 */
public enum CgroupMode {
    AUTO, V2, V1, OFF;

    /** The mode named by {@code text}; IllegalArgumentException with one line naming it otherwise. */
    public static CgroupMode parse(String text) {
        for (CgroupMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--cgroups: '" + text + "' is not one of auto, v2, v1, off");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
