package io.dmon.coordinator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's share of shared/DESIGN.md's rules, read from its compiled classes. Today's
 * offenders are frozen in {@link #KNOWN}, a list that may only shrink.
 */
class DependencyRulesTest {
    private static final JavaClasses COORDINATOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.dmon.coordinator");

    /** fleet classes that still speak gRPC (they build or throw StatusRuntimeException). */
    private static final Set<String> KNOWN = Set.of("io.dmon.coordinator.fleet.RpcErrors",
            "io.dmon.coordinator.fleet.JobSelector");

    private static DescribedPredicate<JavaClass> known() {
        return DescribedPredicate.describe("known offender", c -> KNOWN.contains(c.getName().replaceAll("\\$.*", "")));
    }

    @Test
    void onlyTheStoreImportsHazelcast() {
        noClasses().that().resideOutsideOfPackage("..coordinator.store..")
                .should().dependOnClassesThat().resideInAPackage("com.hazelcast..").check(COORDINATOR);
    }

    @Test
    void fleetIsFreeOfGrpc() {
        noClasses().that().resideInAPackage("..coordinator.fleet..").and(DescribedPredicate.not(known()))
                .should().dependOnClassesThat().resideInAPackage("io.grpc..").check(COORDINATOR);
    }

    @Test
    void theKnownOffendersAreStillThere() {
        Set<String> present = new HashSet<>();
        COORDINATOR.forEach(c -> present.add(c.getName()));
        assertThat(present).as("take fixed or renamed offenders off KNOWN").containsAll(KNOWN);
    }
}
