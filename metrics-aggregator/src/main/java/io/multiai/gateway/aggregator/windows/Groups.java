package io.multiai.gateway.aggregator.windows;

import java.util.List;
import java.util.Locale;

import io.multiai.gateway.schemas.MetricEvent;

/**
 * The groups an event is aggregated in, as keys: its model, {@value WindowKeys#ALL_MODELS} (all
 * models), {@code complexity:<value>} and {@code costPriority:<value>}. Model ids never start with
 * those prefixes, so a key names its dimension.
 */
public final class Groups {

  public static final String MODEL = "model";
  public static final String COMPLEXITY = "complexity";
  public static final String COST_PRIORITY = "costPriority";

  private Groups() {}

  public static List<String> of(MetricEvent event) {
    return List.of(event.getModel(), WindowKeys.ALL_MODELS,
        COMPLEXITY + ":" + event.getComplexity().name().toLowerCase(Locale.ROOT),
        COST_PRIORITY + ":" + event.getCostPriority().name().toLowerCase(Locale.ROOT));
  }

  public static String dimension(String group) {
    if (group.startsWith(COMPLEXITY + ":")) {
      return COMPLEXITY;
    }
    return group.startsWith(COST_PRIORITY + ":") ? COST_PRIORITY : MODEL;
  }

  /** The group's value: the model id, {@code *}, or the complexity or cost priority. */
  public static String value(String group) {
    return MODEL.equals(dimension(group)) ? group : group.substring(group.indexOf(':') + 1);
  }

  public static boolean isModel(String group) {
    return MODEL.equals(dimension(group));
  }
}
