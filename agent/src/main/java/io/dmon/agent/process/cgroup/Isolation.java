package io.dmon.agent.process.cgroup;

/**
 * What holds a job's processes, and why not something better when it fell back.
 *
 * @param kind     the holder
 * @param fallback empty, or why a better holder could not be had ("cgroup v2: cannot create ...")
 * @param path     the cgroup directory that holds the job (the v2 one, or the v1 freezer's), else empty
 */
public record Isolation(Kind kind, String fallback, String path) {

    /** The holders, best first. */
    public enum Kind {
        CGROUP_V2("cgroup v2"),
        CGROUP_V1_FREEZER("v1 freezer"),
        PROCESS_GROUP("process group");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The same holder, with what could not be had of the job's limits said after any fallback. */
    public Isolation withProblems(java.util.List<String> problems) {
        if (problems.isEmpty()) {
            return this;
        }
        String more = String.join("; ", problems);
        return new Isolation(kind, fallback.isEmpty() ? more : fallback + "; " + more, path);
    }

    public static Isolation processGroup(String why) {
        return new Isolation(Kind.PROCESS_GROUP, why, "");
    }
}
