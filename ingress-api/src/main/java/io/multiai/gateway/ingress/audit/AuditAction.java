package io.multiai.gateway.ingress.audit;

/** The actions the edge audits, as written in {@code AuditEvent.action}. */
public final class AuditAction {

  public static final String AUTH_MISSING_KEY = "auth.missing-key";
  public static final String AUTH_INVALID_KEY = "auth.invalid-key";
  public static final String AUTH_FORBIDDEN = "auth.forbidden";
  public static final String ADMIN_REQUEST = "admin.request";
  public static final String BLOCK_CREATE = "block.create";
  public static final String BLOCK_DELETE = "block.delete";
  public static final String BLOCKED_REQUEST = "block.rejected";
  public static final String RATE_LIMITED = "ratelimit.rejected";
  public static final String BUDGET_SET = "budget.set";
  public static final String BUDGET_DELETE = "budget.delete";

  private AuditAction() {}
}
