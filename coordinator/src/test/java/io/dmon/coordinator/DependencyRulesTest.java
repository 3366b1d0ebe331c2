package io.dmon.coordinator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's share of shared/DESIGN.md's rules, read from its compiled classes: only the
 * store speaks Hazelcast, and the fleet's vocabulary is free of gRPC (the services throw fleet
 * rejections; rpc maps them to statuses in one place).
 */
class DependencyRulesTest {
    private static final JavaClasses COORDINATOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.dmon.coordinator");

    @Test
    void onlyTheStoreImportsHazelcast() {
        noClasses().that().resideOutsideOfPackage("..coordinator.store..")
                .should().dependOnClassesThat().resideInAPackage("com.hazelcast..").check(COORDINATOR);
    }

    @Test
    void fleetIsFreeOfGrpc() {
        noClasses().that().resideInAPackage("..coordinator.fleet..")
                .should().dependOnClassesThat().resideInAPackage("io.grpc..").check(COORDINATOR);
    }

    @Test
    void theOperatorServiceMakesNoStatusOfItsOwn() {
        noClasses().that().resideInAPackage("..coordinator.operator..")
                .should().callMethod(io.grpc.Status.class, "withDescription", String.class)
                .because("operator code throws fleet rejections; RpcStatus maps them in one place").check(COORDINATOR);
    }
}
