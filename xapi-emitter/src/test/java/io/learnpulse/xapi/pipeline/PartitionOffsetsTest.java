package io.learnpulse.xapi.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

  @Test
  void commitsNothingPastTheLowestUnfinishedRecord() {
    PartitionOffsets offsets = new PartitionOffsets();
    offsets.started(10);
    offsets.started(11);
    offsets.started(12);

    offsets.finished(11);
    offsets.finished(12);

    assertThat(offsets.toCommit()).hasValue(10);
  }

  @Test
  void commitsTheNextOffsetOnceEveryRecordIsDoneAndOnlyWhenItMoved() {
    PartitionOffsets offsets = new PartitionOffsets();
    offsets.started(10);
    offsets.started(11);
    offsets.finished(11);
    offsets.finished(10);

    assertThat(offsets.toCommit()).hasValue(12);
    offsets.committed(12);
    assertThat(offsets.toCommit()).isEmpty();
  }
}
