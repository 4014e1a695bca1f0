package io.cpesentinel.detect;

import io.cpesentinel.schema.Alert;

/** Where detectors put what they found; the Flink wrappers route each kind to its stream. */
public interface DetectionOutput {
  void alert(Alert alert);

  void cohortSignal(CohortSignal signal);
}
