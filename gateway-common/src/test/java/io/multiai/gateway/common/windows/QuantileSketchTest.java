package io.multiai.gateway.common.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class QuantileSketchTest {

  @Test
  void givenSkewedLatenciesWhenAskedForP50P95P99ThenEachIsWithinOnePercentOfTheExactValue() {
    Random random = new Random(7);
    long[] latencies = new long[20_000];
    QuantileSketch sketch = QuantileSketch.empty();
    for (int i = 0; i < latencies.length; i++) {
      // log-normal around 400 ms with a long tail: what provider latencies look like
      latencies[i] = Math.round(Math.exp(6 + random.nextGaussian()));
      sketch.add(latencies[i]);
    }
    Arrays.sort(latencies);

    for (double q : new double[] {0.5, 0.95, 0.99}) {
      long exact = latencies[(int) Math.ceil(q * latencies.length) - 1];
      assertThat(sketch.quantile(q)).as("p%s", q * 100).isCloseTo(exact, withinPercentage(1));
    }
  }

  @Test
  void givenTwoSketchesWhenMergedThenTheQuantilesAreThoseOfAllValuesTogether() {
    QuantileSketch first = QuantileSketch.empty();
    QuantileSketch second = QuantileSketch.empty();
    QuantileSketch together = QuantileSketch.empty();
    for (int i = 1; i <= 1000; i++) {
      (i % 3 == 0 ? first : second).add(i);
      together.add(i);
    }

    QuantileSketch merged = first.merge(second);

    assertThat(merged.count()).isEqualTo(1000);
    assertThat(merged.quantile(0.95)).isEqualTo(together.quantile(0.95));
    assertThat(merged.quantile(0.95)).isCloseTo(950, withinPercentage(1));
  }

  @Test
  void givenASketchWhenStoredAsAvroAndReadBackThenNothingIsLost() {
    QuantileSketch sketch = QuantileSketch.empty().add(0).add(5).add(5_000).add(120);

    QuantileSketch read = QuantileSketch.of(sketch.toAvro());

    assertThat(read.count()).isEqualTo(4);
    assertThat(read.quantile(0.25)).isZero();
    assertThat(read.quantile(1.0)).isCloseTo(5_000, withinPercentage(0.5));
  }

  @Test
  void givenNoValuesThenEveryQuantileIsZero() {
    assertThat(QuantileSketch.empty().quantile(0.95)).isZero();
  }
}
