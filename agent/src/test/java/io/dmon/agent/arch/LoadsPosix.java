package io.dmon.agent.arch;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.dmon.agent.process.Posix;
import java.util.stream.Stream;

/**
 * {@link Posix#load()} is called, or referred to, only from a method named {@code main}: the
 * composition root of each program. Everything else receives the handle through a constructor.
 */
final class LoadsPosix {
    static final ArchCondition<JavaClass> ONLY_IN_MAIN = new ArchCondition<>("load the native library only in main") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            Stream.concat(c.getMethodCallsFromSelf().stream(), c.getMethodReferencesFromSelf().stream())
                    .filter(LoadsPosix::isLoad)
                    .forEach(access -> events.add(new SimpleConditionEvent(c,
                            access.getOrigin().getName().equals("main"), access.getDescription())));
        }
    };

    private LoadsPosix() {
    }

    private static boolean isLoad(JavaAccess<?> access) {
        return access.getTargetOwner().isEquivalentTo(Posix.class) && access.getName().equals("load");
    }
}
