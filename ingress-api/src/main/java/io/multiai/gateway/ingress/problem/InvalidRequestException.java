package io.multiai.gateway.ingress.problem;

/** Bad input from a caller: answered with 400 problem details naming the field. */
public class InvalidRequestException extends RuntimeException {

  private final String field;

  public InvalidRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The JSON field at fault, or null when the body as a whole is. */
  public String field() {
    return field;
  }
}
