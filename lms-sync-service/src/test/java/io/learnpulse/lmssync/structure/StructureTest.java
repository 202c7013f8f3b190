package io.learnpulse.lmssync.structure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * The package structure of lms-sync-service (ADR 0011): feature packages without cycles, domain
 * types free of Spring and the servlet API, and HTTP statuses only in the web layer. The fixture
 * tests prove that each rule reports a violation when there is one.
 */
class StructureTest {

  private static final String ROOT = "io.learnpulse.lmssync";

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  /** Every direct subpackage of {@code root} is one slice; no slice may reach itself. */
  static ArchRule featurePackagesFreeOfCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /**
   * Domain types, i.e. the {@code scorm} and {@code error} packages and every record or enum (the
   * values the features exchange) except the {@code @ConfigurationProperties} record, depend on
   * neither Spring nor the servlet API.
   */
  static ArchRule domainTypesFreeOfSpring(String root) {
    DescribedPredicate<JavaClass> domainType =
        DescribedPredicate.describe(
            "are domain types (" + root + ".scorm/.error, records, enums)",
            c ->
                !isConfigurationProperties(c)
                    && (c.getPackageName().startsWith(root + ".scorm")
                        || c.getPackageName().startsWith(root + ".error")
                        || c.isRecord()
                        || c.isEnum()));
    return noClasses()
        .that(domainType)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "jakarta.servlet..")
        .because("domain types are plain Java (ADR 0011)");
  }

  private static boolean isConfigurationProperties(JavaClass type) {
    JavaClass top = type;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top.isAnnotatedWith(ConfigurationProperties.class);
  }

  /**
   * Only controllers, the {@code web} package and servlet filters speak HTTP statuses; services and
   * stores throw the domain exceptions of the {@code error} package.
   */
  static ArchRule httpStatusesOnlyInWebLayer() {
    DescribedPredicate<JavaClass> webLayer =
        DescribedPredicate.describe(
            "are controllers, advice, filters or in ..web..",
            c ->
                c.isAnnotatedWith(RestController.class)
                    || c.isAnnotatedWith(Controller.class)
                    || c.isAnnotatedWith(RestControllerAdvice.class)
                    || c.isAssignableTo(Filter.class)
                    || c.getPackageName().endsWith(".web"));
    return noClasses()
        .that(DescribedPredicate.not(webLayer))
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(
            ResponseStatusException.class, ErrorResponseException.class, HttpStatus.class)
        .because("services throw domain exceptions, mapped once by web.ProblemAdvice (ADR 0011)");
  }

  @Test
  void featurePackagesHaveNoCycles() {
    featurePackagesFreeOfCycles(ROOT).check(production);
  }

  @Test
  void domainTypesImportNoSpringOrServlet() {
    domainTypesFreeOfSpring(ROOT).check(production);
  }

  @Test
  void onlyTheWebLayerSpeaksHttpStatuses() {
    httpStatusesOnlyInWebLayer().check(production);
  }

  @Test
  void noPackageIsNamedAfterAnAudience() {
    assertThat(production.stream().map(JavaClass::getPackageName))
        .noneMatch(p -> p.equals(ROOT + ".admin") || p.equals(ROOT + ".internal"));
  }

  @Test
  void theCycleRuleReportsAnABCycle() {
    String fixture = ROOT + ".structure.cyclefixture";
    JavaClasses classes = new ClassFileImporter().importPackages(fixture);
    EvaluationResult result = featurePackagesFreeOfCycles(fixture).evaluate(classes);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("Cycle detected", "a", "b");
  }

  @Test
  void theWebLayerRuleReportsAServiceThrowingResponseStatusException() {
    JavaClasses classes = new ClassFileImporter().importClasses(ServiceThrowingHttp.class);
    assertThat(httpStatusesOnlyInWebLayer().evaluate(classes).hasViolation()).isTrue();
  }

  @Test
  void theDomainRuleReportsARecordUsingSpring() {
    JavaClasses classes = new ClassFileImporter().importClasses(RecordUsingSpring.class);
    assertThat(domainTypesFreeOfSpring(ROOT).evaluate(classes).hasViolation()).isTrue();
  }

  /** Fixture: what the web-layer rule forbids. */
  static final class ServiceThrowingHttp {
    void find() {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown");
    }
  }

  /** Fixture: what the domain rule forbids. */
  record RecordUsingSpring(HttpStatus status) {}
}
