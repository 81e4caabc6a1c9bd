package io.realtimekit.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recovery-cost scenario's option and its averaging over rounds. */
class RecoveryCostTest {

  @Test
  void roundsDefaultToOneAndMustBePositive() {
    assertThat(new Options(new String[] {"--scenarios=recoverycost"}).recoveryRounds).isEqualTo(1);
    assertThat(new Options(new String[] {"--recovery-rounds=3"}).recoveryRounds).isEqualTo(3);
    assertThatThrownBy(() -> new Options(new String[] {"--recovery-rounds=0"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--recovery-rounds");
  }

  @Test
  void theFiguresAreTheMeansOverTheRoundsAndTheGoalIsOnTheRatio() {
    Map<String, Double> mean =
        RecoveryCost.mean(
            List.of(
                Map.of("messages/s", 30_000.0, "failed replies", 0.0),
                Map.of("failed replies", 2.0, "messages/s", 20_000.0)));
    assertThat(mean)
        .containsExactlyInAnyOrderEntriesOf(Map.of("messages/s", 25_000.0, "failed replies", 1.0));

    Result r =
        Result.of(RecoveryCost.NAME, "messages/s", "msg/s", 21_000, 25_000, Double.NaN, "s")
            .ratioTarget(">=", RecoveryCost.GOAL);
    assertThat(r.ratio()).isCloseTo(0.84, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.met()).isFalse();
  }
}
