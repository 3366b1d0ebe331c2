package io.dmon.agent.tools;

import io.dmon.agent.output.DlogArgs;
import io.dmon.agent.output.DrlogArgs;
import io.dmon.agent.output.DslogArgs;
import io.dmon.spec.DmonUsage;
import java.util.List;

/**
 * Every option the DMon tools' own parsers know, read from the tables those parsers read, so that
 * what documents them (their man pages) can be checked against them.
 */
public final class ToolOptionNames {
    /** The programs with a parser of their own, DMon's way (not picocli). */
    public static final List<String> PROGRAMS = List.of("dmon", "dlog", "drlog", "dslog", "denv");

    private ToolOptionNames() {
    }

    /** {@code -x} and {@code --long} of every option of {@code program}, one of {@link #PROGRAMS}. */
    public static List<String> of(String program) {
        return switch (program) {
            case "dmon" -> DmonUsage.optionSpellings();
            case "dlog" -> DlogArgs.optionSpellings();
            case "drlog" -> DrlogArgs.optionSpellings();
            case "dslog" -> DslogArgs.optionSpellings();
            case "denv" -> DenvArguments.optionSpellings();
            default -> throw new IllegalArgumentException("no DMon tool '" + program + "'");
        };
    }
}
