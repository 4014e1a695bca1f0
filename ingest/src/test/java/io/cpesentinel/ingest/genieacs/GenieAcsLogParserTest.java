package io.cpesentinel.ingest.genieacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.ingest.testing.TestRecords;
import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.ingest.xml.RejectedInputException;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.AuthMethod;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lines exactly as GenieACS writes them (lib/logger.ts formatSimple/formatJson with the detail
 * fields lib/cwmp.ts logs); see ingest/docs/genieacs-access-log.md.
 */
class GenieAcsLogParserTest {
  private static final String DEVICE = "0012AB-HGW%2D5000-S1234567";
  private static final Instant RECEIVED = Instant.parse("2026-05-01T10:05:00Z");

  private final GenieAcsLogParser parser = new GenieAcsLogParser();
  private final GenieAcsEvents events = new GenieAcsEvents(TestRecords.acsEvents(), "genieacs-1");

  @Test
  void informLineInTheSimpleFormat() throws Exception {
    GenieAcsLogLine line =
        parser.parse(
            "2026-05-01T10:00:00.123Z [INFO] 198.51.100.7 "
                + DEVICE
                + ": Inform; cpeRequestId=\"42\" informEvent=\"1 BOOT,M Reboot\" informRetryCount=0");

    assertThat(line)
        .isEqualTo(
            new GenieAcsLogLine(
                Instant.parse("2026-05-01T10:00:00.123Z"),
                "info",
                "198.51.100.7",
                DEVICE,
                "Inform",
                Map.of(
                    "cpeRequestId",
                    "42",
                    "informEvent",
                    "1 BOOT,M Reboot",
                    "informRetryCount",
                    "0")));
    AcsEvent event = events.toEvent(line, RECEIVED).record();
    assertThat(event.getOrigin()).isEqualTo(AcsEventOrigin.GENIEACS_LOG);
    assertThat(event.getRpcMethod()).isEqualTo("Inform");
    assertThat(event.getDeviceKey()).isEqualTo(DEVICE);
    assertThat(event.getOccurredAt()).isEqualTo(Instant.parse("2026-05-01T10:00:00.123Z"));
    assertThat(event.getMessage()).contains("informEvent=1 BOOT,M Reboot");
  }

  @Test
  void authenticationFailureBecomesAnAuthFailureEvent() throws Exception {
    GenieAcsLogLine line =
        parser.parse(
            "2026-05-01T10:00:00.456Z [ERROR] 198.51.100.7 " + DEVICE + ": Authentication failure");

    AcsEvent event = events.toEvent(line, RECEIVED).record();
    assertThat(event.getKind()).isEqualTo(AcsEventKind.AUTH_FAILURE);
    assertThat(event.getAuth().getMethod()).isEqualTo(AuthMethod.OTHER);
    assertThat(event.getSourceIp()).isEqualTo("198.51.100.7");
    assertThat(events.toEvent(line, RECEIVED).key()).isEqualTo(DEVICE);
  }

  @Test
  void cpeFaultCarriesTheFaultCode() throws Exception {
    GenieAcsLogLine line =
        parser.parse(
            "2026-05-01T10:00:01.000Z [WARN] 198.51.100.7 "
                + DEVICE
                + ": CPE fault; acsRequestId=\"17a2f\" cpeFaultCode=\"9005\""
                + " cpeFaultString=\"Invalid parameter name: Device.X; see log\"");

    AcsEvent event = events.toEvent(line, RECEIVED).record();
    assertThat(event.getKind()).isEqualTo(AcsEventKind.CWMP_FAULT);
    assertThat(event.getFault().getCode()).isEqualTo(9005);
    assertThat(event.getFault().getMessage())
        .isEqualTo("Invalid parameter name: Device.X; see log");
  }

  @Test
  void newDeviceRegistered() throws Exception {
    AcsEvent event =
        events
            .toEvent(
                parser.parse(
                    "2026-05-01T10:00:02.000Z [INFO] 198.51.100.7 "
                        + DEVICE
                        + ": New device registered"),
                RECEIVED)
            .record();

    assertThat(event.getKind()).isEqualTo(AcsEventKind.DEVICE_REGISTERED);
  }

  @Test
  void acsRequestsAndCpeRequestsKeepMethodAndCommandKey() throws Exception {
    AcsEvent reboot =
        events
            .toEvent(
                parser.parse(
                    "2026-05-01T10:00:01.600Z [INFO] 198.51.100.7 "
                        + DEVICE
                        + ": ACS request; acsRequestId=\"17a30\" acsRequestName=\"Reboot\""
                        + " acsRequestCommandKey=\"rb-7\""),
                RECEIVED)
            .record();
    AcsEvent transfer =
        events
            .toEvent(
                parser.parse(
                    "2026-05-01T10:00:01.700Z [INFO] 198.51.100.7 "
                        + DEVICE
                        + ": CPE request; cpeRequestId=\"55\" cpeRequestName=\"TransferComplete\""
                        + " cpeRequestCommandKey=\"fw-7\""),
                RECEIVED)
            .record();

    assertThat(reboot.getKind()).isEqualTo(AcsEventKind.REBOOT);
    assertThat(reboot.getCommandKey()).isEqualTo("rb-7");
    assertThat(transfer.getKind()).isEqualTo(AcsEventKind.TRANSFER_COMPLETE);
    assertThat(transfer.getCommandKey()).isEqualTo("fw-7");
  }

  @Test
  void channelFaultWithACwmpCodeIsACwmpFault() throws Exception {
    AcsEvent event =
        events
            .toEvent(
                parser.parse(
                    "2026-05-01T10:00:03.000Z [WARN] 198.51.100.7 "
                        + DEVICE
                        + ": Channel has faulted; channel=\"task_65f0\" retries=0"
                        + " faultCode=\"cwmp.9005\" faultMessage=\"Invalid parameter name\""),
                RECEIVED)
            .record();

    assertThat(event.getKind()).isEqualTo(AcsEventKind.CWMP_FAULT);
    assertThat(event.getFault().getCode()).isEqualTo(9005);
  }

  @Test
  void aLineWithoutDeviceIsKeyedByAddress() throws Exception {
    GenieAcsLogLine line =
        parser.parse(
            "2026-05-01T10:00:04.000Z [ERROR] 2001:db8::7: XML parse error;"
                + " parseError=\"Unexpected end of input\"");

    assertThat(line.remoteAddress()).isEqualTo("2001:db8::7");
    assertThat(line.deviceId()).isNull();
    assertThat(events.toEvent(line, RECEIVED).key()).isEqualTo("ip:2001:db8::7");
    assertThat(events.toEvent(line, RECEIVED).record().getKind()).isEqualTo(AcsEventKind.OTHER);
  }

  @Test
  void jsonFormat() throws Exception {
    GenieAcsLogLine line =
        parser.parse(
            "{\"message\":\"Authentication failure\",\"severity\":\"error\","
                + "\"timestamp\":\"2026-05-01T10:00:00.456Z\",\"hostname\":\"acs1\",\"pid\":4242,"
                + "\"name\":\"genieacs-cwmp\",\"version\":\"1.2.13\",\"deviceId\":\""
                + DEVICE
                + "\","
                + "\"remoteAddress\":\"198.51.100.7\"}");

    assertThat(line.message()).isEqualTo("Authentication failure");
    assertThat(line.deviceId()).isEqualTo(DEVICE);
    assertThat(line.field("pid")).isEqualTo("4242");
    assertThat(events.toEvent(line, RECEIVED).record().getKind())
        .isEqualTo(AcsEventKind.AUTH_FAILURE);
  }

  @Test
  void systemdFormatHasNoTimestamp() throws Exception {
    GenieAcsLogLine line =
        parser.parse(
            "<4>198.51.100.7 " + DEVICE + ": CPE fault; acsRequestId=\"1\" cpeFaultCode=9002");

    assertThat(line.timestamp()).isNull();
    assertThat(line.field("cpeFaultCode")).isEqualTo("9002");
    assertThat(events.toEvent(line, RECEIVED).record().getOccurredAt()).isEqualTo(RECEIVED);
  }

  @Test
  void unknownFormatsAreRefused() {
    assertThatThrownBy(() -> parser.parse("May  1 10:00:00 acs1 sshd[42]: Accepted password"))
        .isInstanceOf(RejectedInputException.class)
        .extracting(e -> ((RejectedInputException) e).reason())
        .isEqualTo(RejectReason.LOG_LINE_UNPARSEABLE);
    assertThatThrownBy(
            () -> parser.parse("2026-05-01T10:00:00.123Z [INFO] 198.51.100.7: Inform; broken=\"x"))
        .isInstanceOf(RejectedInputException.class);
  }
}
