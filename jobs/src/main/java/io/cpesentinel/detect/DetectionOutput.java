package io.cpesentinel.detect;

import io.cpesentinel.schema.Alert;

/** Where detectors put what they found; the Flink wrappers route each kind to its stream. */
public interface DetectionOutput {
  void alert(Alert alert);

  void cohortSignal(CohortSignal signal);

  /** A device adopted a new value of a spread-watched setting with no ACS task behind it. */
  void adoption(Observation adoption);
}
