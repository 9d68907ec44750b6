package io.multiai.gateway.ingress.budgets;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A budget's period: calendar-aligned in UTC, so every replica agrees on it without talking to the others.
 * {@code daily} runs from 00:00 UTC to the next 00:00 UTC; {@code monthly} from 00:00 UTC on the 1st to
 * 00:00 UTC on the next 1st.
 */
public enum BudgetPeriod {
  DAILY,
  MONTHLY;

  /** The wire name, {@code daily} or {@code monthly}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for anything but daily or monthly (any case) */
  public static BudgetPeriod parse(String value) {
    if (value != null) {
      for (BudgetPeriod period : values()) {
        if (period.wireName().equalsIgnoreCase(value.strip())) {
          return period;
        }
      }
    }
    throw new IllegalArgumentException("period must be daily or monthly");
  }

  /** When the period holding {@code now} began. */
  public Instant start(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return (this == DAILY ? day : day.withDayOfMonth(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** When the period holding {@code now} ends and the budget resets (exclusive). */
  public Instant end(Instant now) {
    LocalDate first = LocalDate.ofInstant(start(now), ZoneOffset.UTC);
    return (this == DAILY ? first.plusDays(1) : first.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The period's name in ledger keys and answers: {@code 2026-11-30} (daily) or {@code 2026-11} (monthly). */
  public String label(Instant now) {
    LocalDate first = LocalDate.ofInstant(start(now), ZoneOffset.UTC);
    return this == DAILY ? first.format(DateTimeFormatter.ISO_LOCAL_DATE) : first.format(DateTimeFormatter.ofPattern("yyyy-MM"));
  }
}
