package io.hostbridge.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN.md's module rules, checked on the compiled classes (the build checks the POMs). */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.hostbridge");
    }

    @Test
    void bindingsUseOnlyTheBridgeEventsAndTheListener() {
        noClasses().that().resideInAPackage("io.hostbridge.binding..")
                .should().dependOnClassesThat().resideInAnyPackage("io.hostbridge.core..", "io.hostbridge.agent..")
                .because("a binding imports only api-bridge, events and http (DESIGN.md rule 1)")
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
    void theApiDoesNotKnowItsImplementationsOrBindings() {
        noClasses().that().resideInAnyPackage("io.hostbridge.api..", "io.hostbridge.events..")
                .should().dependOnClassesThat().resideInAnyPackage("io.hostbridge.core..", "io.hostbridge.binding..",
                        "io.hostbridge.http..", "io.hostbridge.agent..")
                .check(classes);
    }
}
