package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.schema.Severity;
import java.io.Serializable;

/**
 * The guarded ACS quarantine hook. Absent from the file means no quarantine at all; present, it
 * still only simulates ({@code dryRun: true}) until an operator sets {@code dryRun: false}.
 *
 * @param dryRun decide and audit, but never call the ACS; default true
 * @param minSeverity lowest alert severity that may quarantine; default {@code CRITICAL}
 * @param maxPerMinute most quarantines in any minute of alert time; reaching it trips the breaker;
 *     default 5
 * @param maxPerCohort most devices of one cohort quarantined at once; default 20
 * @param maxCohortShare most devices of one cohort quarantined at once as a share of the cohort's
 *     active devices, when the alert says how many there are; default 0.01
 * @param tag the GenieACS tag that marks a quarantined device; default {@code
 *     cpe-sentinel-quarantine}
 * @param allowlist devices and cohorts never touched
 * @param webhook the signed webhook to call (optional)
 * @param genieacs the GenieACS NBI to tag devices through (optional)
 * @param retry backoff for the webhook and the NBI
 */
public record QuarantineSettings(
    Boolean dryRun,
    Severity minSeverity,
    Integer maxPerMinute,
    Integer maxPerCohort,
    Double maxCohortShare,
    String tag,
    AllowlistSettings allowlist,
    WebhookSettings webhook,
    GenieAcsSettings genieacs,
    RetrySettings retry)
    implements Serializable {
  public QuarantineSettings {
    dryRun = dryRun == null ? Boolean.TRUE : dryRun;
    minSeverity = minSeverity == null ? Severity.CRITICAL : minSeverity;
    maxPerMinute = maxPerMinute == null ? 5 : maxPerMinute;
    ConfigException.require(maxPerMinute > 0, "maxPerMinute", "must be positive");
    maxPerCohort = maxPerCohort == null ? 20 : maxPerCohort;
    ConfigException.require(maxPerCohort > 0, "maxPerCohort", "must be positive");
    maxCohortShare = maxCohortShare == null ? 0.01 : maxCohortShare;
    ConfigException.require(
        maxCohortShare > 0 && maxCohortShare <= 1, "maxCohortShare", "must be in (0, 1]");
    tag = tag == null ? "cpe-sentinel-quarantine" : tag;
    ConfigException.require(!tag.isBlank(), "tag", "must not be blank");
    allowlist = allowlist == null ? AllowlistSettings.EMPTY : allowlist;
    ConfigException.require(
        dryRun || webhook != null || genieacs != null,
        "webhook|genieacs",
        "dryRun is false but neither a webhook nor a GenieACS NBI is configured");
    retry = retry == null ? RetrySettings.DEFAULT : retry;
  }

  public boolean isDryRun() {
    return dryRun;
  }
}
