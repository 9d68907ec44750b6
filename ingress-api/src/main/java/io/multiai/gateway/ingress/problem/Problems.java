package io.multiai.gateway.ingress.problem;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 9457 problem details, the one shape of every error this API answers with. */
public final class Problems {

  private Problems() {}

  public static ResponseEntity<ProblemDetail> of(int status, String type, String title, String detail) {
    return of(status, type, title, detail, null);
  }

  public static ResponseEntity<ProblemDetail> of(int status, String type, String title, String detail, Long retryAfterSeconds) {
    ProblemDetail problem = ProblemDetail.forStatus(status);
    problem.setType(URI.create("urn:multi-ai-gateway:problem:" + type));
    problem.setTitle(title);
    problem.setDetail(detail);
    ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (retryAfterSeconds != null) {
      builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    return builder.body(problem);
  }

  public static String title(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? "Error" : known.getReasonPhrase();
  }
}
