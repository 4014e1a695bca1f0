package io.cpesentinel.delivery.common;

import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.SubjectType;

/** What an alert is about, read the same way by every destination. */
public final class AlertSubjects {
  private AlertSubjects() {}

  /**
   * The device (GenieACS device id) an alert is about: from its device id when it has one, else a
   * device subject's key; null for cohort, source-address and campaign alerts without a device.
   */
  public static String deviceKey(Alert alert) {
    if (alert.getDeviceId() != null) {
      return DeviceKeys.of(alert.getDeviceId());
    }
    return alert.getSubjectType() == SubjectType.DEVICE ? alert.getSubjectKey() : null;
  }
}
