package io.dmon.agent.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of shared/DESIGN.md and STYLE.md, read from the agent's compiled classes, so they
 * cannot rot silently. Every class keeps every rule: there are no known offenders left.
 */
class DependencyRulesTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.dmon.agent");

    /** What supervision tells the rest of the agent: the model types. */
    private static final Set<String> MODEL = Set.of("JobEvent", "JobState", "JobSnapshot");

    private static void check(ArchRule rule) {
        rule.check(AGENT);
    }

    @Test
    void theCoreImportsNoGrpcProtobufOrHazelcast() {
        check(noClasses().that().resideInAnyPackage("..agent.supervise..", "..agent.process..", "..agent.load..",
                "..agent.output..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "com.google.protobuf..",
                        "com.hazelcast..", "io.dmon.proto..", "io.dmon.wire.."));
    }

    @Test
    void superviseKnowsNothingOfTheHostOrTheLink() {
        check(noClasses().that().resideInAPackage("..agent.supervise..")
                .should().dependOnClassesThat().resideInAnyPackage("..agent.host..", "..agent.link..",
                        "..agent.node..", "..agent.tools..", "..agent.spool..", "..agent.state.."));
    }

    @Test
    void theLinkKnowsNoProcessesBeyondTheModelTypes() {
        check(noClasses().that().resideInAPackage("..agent.link..")
                .should().dependOnClassesThat().resideInAnyPackage("..agent.process..", "..agent.output..")
                .orShould().dependOnClassesThat(DescribedPredicate.describe("supervise beyond its model types",
                        c -> c.getPackageName().endsWith("agent.supervise") && !MODEL.contains(c.getSimpleName()
                                .replaceAll("\\$.*", "")) && !MODEL.contains(c.getEnclosingClass()
                                .map(JavaClass::getSimpleName).orElse("")))));
    }

    @Test
    void onlyProcessTouchesTheOs() {
        check(noClasses().that().resideOutsideOfPackage("..agent.process..")
                .should().dependOnClassesThat().haveFullyQualifiedName("sun.misc.Signal")
                .orShould().accessClassesThat().haveNameMatching("jdk\\.internal\\..*")
                .orShould().callMethod(ProcessHandle.class, "current")
                .because("process is the only package that touches the OS (DESIGN.md)"));
        check(noClasses().that().resideOutsideOfPackages("..agent.process..", "..agent.load..")
                .should(ReadsProc.CONDITION)
                .because("/proc is read through process (ProcStat, ProcSelf, DescriptorTable); load owns"
                        + " /proc/loadavg (DESIGN.md: load sources)"));
    }

    @Test
    void onlyAProgramsMainLoadsTheNativeLibrary() {
        check(classes().should(LoadsPosix.ONLY_IN_MAIN)
                .because("collaborators come through constructors (STYLE.md 6): a program's main loads the library"
                        + " once and hands it on"));
    }

    @Test
    void protoTypesStayAtTheEdgeOfTheAgent() {
        check(noClasses().that().resideInAnyPackage("..agent.host..", "..agent.state..", "..agent.spool..")
                .should().dependOnClassesThat().resideInAPackage("io.dmon.proto..")
                .because("the link maps the coordinator's messages to the host's model and back (AssignmentMapper,"
                        + " ReportMapper); to the state directory the saved assignment is bytes"));
    }
}
