package io.dmon.agent.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A class whose constants name a {@code /proc} path reads the process table by itself. Imports
 * do not show it (a Path is a Path), so the class file's constant pool is searched.
 */
final class ReadsProc {
    static final ArchCondition<JavaClass> CONDITION = new ArchCondition<>("read /proc") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            // Used under noClasses(), which inverts the events: a class that names /proc must
            // satisfy this condition for the rule to reject it (a violated-only event never fails).
            boolean names = namesProc(c);
            events.add(new SimpleConditionEvent(c, names, c.getName() + (names ? " names" : " does not name")
                    + " a /proc path"));
        }
    };

    /** "/proc" as a path of its own, not inside a name such as io/dmon/agent/process. */
    private static final Pattern PROC_PATH = Pattern.compile("(?<![\\w$/.])/proc(?![\\w$])");

    private ReadsProc() {
    }

    private static boolean namesProc(JavaClass c) {
        String resource = c.getName().replace('.', '/') + ".class";
        try (var in = ReadsProc.class.getClassLoader().getResourceAsStream(resource)) {
            return in != null && PROC_PATH.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
