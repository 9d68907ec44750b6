package io.multiai.gateway.aggregator.windows;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.CostPriority;
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

  private static final Map<Complexity, String> BY_COMPLEXITY = keys(Complexity.class, COMPLEXITY);
  private static final Map<CostPriority, String> BY_COST_PRIORITY = keys(CostPriority.class, COST_PRIORITY);

  private Groups() {}

  public static List<String> of(MetricEvent event) {
    return List.of(event.getModel(), WindowKeys.ALL_MODELS, BY_COMPLEXITY.get(event.getComplexity()),
        BY_COST_PRIORITY.get(event.getCostPriority()));
  }

  /** Built once: the key of each value of a dimension. */
  private static <E extends Enum<E>> Map<E, String> keys(Class<E> type, String dimension) {
    Map<E, String> keys = new EnumMap<>(type);
    for (E value : type.getEnumConstants()) {
      keys.put(value, dimension + ":" + value.name().toLowerCase(Locale.ROOT));
    }
    return keys;
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
