package org.consignmenthub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape the design asks for: business rules live in plain Java that can be tested
 * without Camel or a web server, and the feature packages depend on one another without
 * cycles, so each can be read and changed from the bottom up.
 */
class ArchitectureTest {

    private static final String[] BUSINESS_PACKAGES = {
        "org.consignmenthub.canonical..",
        "org.consignmenthub.catalog..",
        "org.consignmenthub.agreement..",
        "org.consignmenthub.ledger..",
        "org.consignmenthub.ownership..",
        "org.consignmenthub.billing..",
        "org.consignmenthub.documents..",
        "org.consignmenthub.returns..",
        "org.consignmenthub.reconciliation..",
        "org.consignmenthub.processing..",
        "org.consignmenthub.reporting..",
        "org.consignmenthub.intake..",
        "org.consignmenthub.triage..",
    };

    private static JavaClasses hub;

    @BeforeAll
    static void importMainClasses() {
        hub = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.consignmenthub");
    }

    @Test
    void businessPackagesUseNeitherCamelNorTheWebNorSpringBoot() {
        noClasses().that().resideInAnyPackage(BUSINESS_PACKAGES)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.camel..", "org.springframework.web..",
                        "org.springframework.boot..")
                .because("business rules must run and be tested without the integration"
                        + " runtime; routes and Spring Boot wiring live in runtime")
                .check(hub);
    }

    /**
     * No payload is ever read as XML, so no parser can resolve an entity a partner names.
     * Whoever adds an XML format must remove this rule and configure that parser to refuse
     * DTDs and external entities, with a test sending one.
     */
    @Test
    void nothingParsesXml() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "javax.xml.parsers..", "javax.xml.stream..", "javax.xml.transform..",
                        "org.xml.sax..", "org.w3c.dom..", "com.fasterxml.jackson.dataformat.xml..")
                .because("the hub reads no XML; a body or file that is XML is refused as such")
                .check(hub);
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("org.consignmenthub.(*)..").should().beFreeOfCycles().check(hub);
    }
}
