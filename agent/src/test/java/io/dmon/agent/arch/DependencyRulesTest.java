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
 * cannot rot silently. The few classes that break a rule today are named in {@link #KNOWN}: a
 * frozen list that may only shrink (a new offender fails the build).
 */
class DependencyRulesTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.dmon.agent");

    /** Known offenders, each with the rule it breaks; fix one, then take it off. */
    private static final Set<String> KNOWN = Set.of(
            // The coordinator's Job as the model of a hosted job (its spec, desired state, pause, gates).
            "io.dmon.agent.host.HostedJob", "io.dmon.agent.host.JobHost", "io.dmon.agent.host.JobLauncher");

    /** What supervision tells the rest of the agent: the model types. */
    private static final Set<String> MODEL = Set.of("JobEvent", "JobState", "JobSnapshot");

    private static DescribedPredicate<JavaClass> known() {
        return DescribedPredicate.describe("known offender", c -> KNOWN.contains(c.getName().replaceAll("\\$.*", "")));
    }

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
        check(noClasses().that().resideOutsideOfPackage("..agent.process..").and(DescribedPredicate.not(known()))
                .should().dependOnClassesThat().haveFullyQualifiedName("sun.misc.Signal")
                .orShould().accessClassesThat().haveNameMatching("jdk\\.internal\\..*")
                .orShould().callMethod(ProcessHandle.class, "current")
                .because("process is the only package that touches the OS (DESIGN.md)"));
        check(noClasses().that().resideOutsideOfPackages("..agent.process..", "..agent.load..")
                .and(DescribedPredicate.not(known())).should(ReadsProc.CONDITION)
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
                .and(DescribedPredicate.not(known()))
                .should().dependOnClassesThat().resideInAPackage("io.dmon.proto.."));
    }

    @Test
    void theKnownOffendersAreStillThereAndStillOffend() {
        Set<String> present = new java.util.HashSet<>();
        Set<String> usingProto = new java.util.HashSet<>();
        AGENT.forEach(c -> {
            String outer = c.getName().replaceAll("\\$.*", "");
            present.add(c.getName());
            if (c.getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("io.dmon.proto"))) {
                usingProto.add(outer);
            }
        });
        org.assertj.core.api.Assertions.assertThat(present).as("take fixed or renamed offenders off KNOWN")
                .containsAll(KNOWN);
        org.assertj.core.api.Assertions.assertThat(usingProto).as("take offenders free of proto types off KNOWN")
                .containsAll(KNOWN);
    }
}
