package io.learnpulse.lmssync.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link ProblemDetail} as {@code application/problem+json} from servlet filters, where
 * Spring MVC's exception handling does not reach, with the same members MVC writes.
 */
@Component
public class ProblemWriter {

  private final JsonMapper json;

  ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  /** Writes {@code problem} with its status ({@code WWW-Authenticate: Bearer} on a 401). */
  public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    if (problem.getStatus() == 401) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.getType().toString());
    if (problem.getTitle() != null) {
      body.put("title", problem.getTitle());
    }
    body.put("status", problem.getStatus());
    if (problem.getDetail() != null) {
      body.put("detail", problem.getDetail());
    }
    if (problem.getInstance() != null) {
      body.put("instance", problem.getInstance().toString());
    }
    if (problem.getProperties() != null) {
      problem.getProperties().forEach(body::putIfAbsent);
    }
    byte[] bytes = json.writeValueAsBytes(body);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
