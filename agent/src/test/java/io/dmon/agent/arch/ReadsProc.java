package io.dmon.agent.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A class whose constants name a {@code /proc} path reads the process table by itself. Imports
 * do not show it (a Path is a Path), so the class file's constant pool is searched.
 */
final class ReadsProc {
    static final ArchCondition<JavaClass> CONDITION = new ArchCondition<>("read /proc") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            if (namesProc(c)) {
                events.add(SimpleConditionEvent.violated(c, c.getName() + " names a /proc path"));
            }
        }
    };

    private ReadsProc() {
    }

    private static boolean namesProc(JavaClass c) {
        String resource = c.getName().replace('.', '/') + ".class";
        try (var in = ReadsProc.class.getClassLoader().getResourceAsStream(resource)) {
            return in != null && new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("/proc");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
