package io.multiai.gateway.ingress.problem;

/**
 * A refusal with a status other than 400 (404 unknown model, …), or a 400 with an error code: answered
 * in whichever error shape the path speaks ({@link ErrorShape}).
 */
public class ApiException extends InvalidRequestException {

  private final int status;
  private final String code;

  /**
   * @param param the request parameter at fault ({@code messages[0].content[1].type}), or null
   * @param code a machine-readable code ({@code model_not_found}), or null
   */
  public ApiException(int status, String param, String code, String message) {
    super(param, message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
