package io.multiai.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The shape of the code base, checked on every module's main classes (here, because this module
 * depends on all of them): packages form no cycle, and a service never uses another service, only
 * the shared libraries (schemas, gateway-common).
 */
class ArchitectureTest {

  private static final JavaClasses GATEWAY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> !location.contains("-tests.jar")) // test fixtures shared as test-jars
      .importPackages("io.multiai.gateway");

  private static final String[] SERVICES = {"ingress", "router", "ensemble", "aggregator"};

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("io.multiai.gateway.(**)").should().beFreeOfCycles().check(GATEWAY);
  }

  @Test
  void aServiceUsesOnlyTheSharedLibrariesNeverAnotherService() {
    for (String service : SERVICES) {
      for (String other : SERVICES) {
        if (!other.equals(service)) {
          noClasses().that().resideInAPackage("io.multiai.gateway." + service + "..")
              .should().dependOnClassesThat().resideInAPackage("io.multiai.gateway." + other + "..")
              .check(GATEWAY);
        }
      }
    }
  }
}
