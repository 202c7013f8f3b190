package io.learnpulse.lmssync.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * static/openapi.yaml lists exactly the routes the controllers map: every {@code METHOD path} of
 * every {@code @Controller} (class and method mappings merged as Spring MVC merges them) is in the
 * document, and the document has no route the service does not serve.
 */
class OpenApiRoutesTest {

  @Test
  void theDocumentListsExactlyTheControllersRoutes() throws Exception {
    assertThat(documented()).isEqualTo(mapped());
  }

  @Test
  void theDocumentIsOpenApi31() throws Exception {
    assertThat(document().get("openapi")).isEqualTo("3.1.0");
  }

  private static Map<String, Object> document() throws Exception {
    try (InputStream in =
        OpenApiRoutesTest.class.getClassLoader().getResourceAsStream("static/openapi.yaml")) {
      assertThat(in).as("static/openapi.yaml").isNotNull();
      return new Yaml().load(in);
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> documented() throws Exception {
    Set<String> routes = new TreeSet<>();
    Map<String, Map<String, Object>> paths =
        (Map<String, Map<String, Object>>) document().get("paths");
    paths.forEach(
        (path, item) ->
            item.keySet().stream()
                .filter(key -> !key.equals("parameters"))
                .forEach(method -> routes.add(method.toUpperCase() + " " + path)));
    return routes;
  }

  private static Set<String> mapped() throws Exception {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
    Set<String> routes = new TreeSet<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("io.learnpulse.lmssync")) {
      Class<?> type = Class.forName(candidate.getBeanClassName());
      RequestMapping typeMapping =
          AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
      String prefix =
          typeMapping == null || typeMapping.path().length == 0 ? "" : typeMapping.path()[0];
      for (Method method : type.getDeclaredMethods()) {
        RequestMapping mapping =
            AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
        if (mapping == null) {
          continue;
        }
        String[] paths = mapping.path().length == 0 ? new String[] {""} : mapping.path();
        for (String path : paths) {
          for (var verb : mapping.method()) {
            routes.add(verb.name() + " " + prefix + path);
          }
        }
      }
    }
    assertThat(routes).as("controllers found").isNotEmpty();
    return routes;
  }
}
