package io.hostbridge.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN.md's module rules and ADR 0011's map, checked on the compiled classes (the build checks the POMs). */
class ArchitectureTest {
    /** A module's classes: its build output in the reactor, or its jar (in the reactor or the local repository). */
    private static final Pattern MODULE = Pattern.compile("/([^/]+)/target/classes/|/hostbridge-([a-z]+(?:-[a-z]+)*)-[0-9][^/]*\\.jar");
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.hostbridge");
    }

    @Test
    void bindingsUseOnlyTheContractTheRuntimeTheProtocolEngineEventsAndTheListener() {
        classes().that().resideInAPackage("io.hostbridge.binding..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("io.hostbridge.core..",
                        "io.hostbridge.agent..", "io.hostbridge.broker..", "io.hostbridge.nbd..", "io.hostbridge.blkhash..")
                .because("a binding imports only api, bridge, jsonrpc, events and http (DESIGN.md rule 1, ADR 0011)")
                .check(classes);
    }

    @Test
    void bindingsDoNotDependOnEachOther() {
        String[] bindings = {"rest", "xmlrpc", "amqp", "imageio"};
        for (String binding : bindings) {
            for (String other : bindings) {
                if (!other.equals(binding)) {
                    noClasses().that().resideInAPackage("io.hostbridge.binding." + binding + "..")
                            .should().dependOnClassesThat().resideInAPackage("io.hostbridge.binding." + other + "..")
                            .allowEmptyShould(true)
                            .check(classes);
                }
            }
        }
    }

    @Test
    void guiceOnlyInModules() {
        noClasses().that().haveSimpleNameNotEndingWith("Module")
                // the bootstrap (Agent, Modules) chooses the modules and builds the injector: the one place
                // outside them that must see Guice
                .and().resideOutsideOfPackage("io.hostbridge.agent")
                .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
                .because("business code uses jakarta.inject; Guice appears only in *Module classes (DESIGN.md rule 6)")
                .check(classes);
    }

    @Test
    void theContractDependsOnNothingOfOurs() {
        classes().that().resideInAPackage("io.hostbridge.api..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("io.hostbridge..")
                .orShould().dependOnClassesThat().resideInAPackage("io.hostbridge.api..")
                .because("a client library depends on the contract alone (ADR 0011)")
                .check(classes);
        noClasses().that().resideInAPackage("io.hostbridge.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.hostbridge.events..", "io.hostbridge.bridge..",
                        "io.hostbridge.jsonrpc..", "io.hostbridge.core..", "io.hostbridge.binding..",
                        "io.hostbridge.http..", "io.hostbridge.agent..")
                .check(classes);
    }

    @Test
    void theClientLibraryDependsOnTheContractAlone() {
        classes().that().resideInAPackage("io.hostbridge.client..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("io.hostbridge..")
                .orShould().dependOnClassesThat().resideInAnyPackage("io.hostbridge.api..", "io.hostbridge.client..")
                .because("callers build against the contract and the client, not the agent (issue 15, ADR 0011)")
                .check(classes);
    }

    @Test
    void theEventBusAndTheLibrariesKnowNothingOfTheAgent() {
        for (String library : new String[] {"events", "nbd", "blkhash"}) {
            noClasses().that().resideInAPackage("io.hostbridge." + library + "..")
                    .should().dependOnClassesThat(
                            com.tngtech.archunit.base.DescribedPredicate.describe("of another hostbridge module",
                                    c -> c.getPackageName().startsWith("io.hostbridge.")
                                            && !c.getPackageName().startsWith("io.hostbridge." + library)))
                    .check(classes);
        }
    }

    @Test
    void theRuntimeKnowsNoImplementationNorBinding() {
        noClasses().that().resideInAnyPackage("io.hostbridge.bridge..", "io.hostbridge.jsonrpc..")
                .should().dependOnClassesThat().resideInAnyPackage("io.hostbridge.core..", "io.hostbridge.binding..",
                        "io.hostbridge.http..", "io.hostbridge.agent..")
                .check(classes);
    }

    @Test
    void capabilitiesMeetOnlyThroughTheSeamsInCore() {
        String[] capabilities = {"host", "jobs", "storage", "vm", "transfer"};
        for (String capability : capabilities) {
            for (String other : capabilities) {
                boolean allowed = other.equals(capability) || capability.equals("storage") && other.equals("jobs");
                if (!allowed) {
                    noClasses().that().resideInAPackage("io.hostbridge.core." + capability + "..")
                            .should().dependOnClassesThat().resideInAPackage("io.hostbridge.core." + other + "..")
                            .because("capabilities share only core.spi (ADR 0011); storage submits jobs")
                            .check(classes);
                }
            }
        }
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternals() {
        classes().should(new ArchCondition<JavaClass>("use ..internal.. packages of their own module only") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType(); // an array is its element's
                    if (!target.getPackageName().startsWith("io.hostbridge.")
                            || !target.getPackageName().matches(".*\\.internal(\\..*)?")) {
                        continue;
                    }
                    String from = module(origin);
                    String to = module(target);
                    if (!from.equals(to)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription() + " crosses from module "
                                + from + " into " + to + "'s internals"));
                    }
                }
            }
        }).check(classes);
    }

    /** The Maven module a class was compiled in, from where its class file lies. */
    private static String module(JavaClass c) {
        String uri = c.getSource().map(s -> s.getUri().toString()).orElse("?");
        Matcher m = MODULE.matcher(uri);
        if (!m.find()) {
            throw new AssertionError("cannot tell the module of " + c.getName() + " from " + uri);
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
