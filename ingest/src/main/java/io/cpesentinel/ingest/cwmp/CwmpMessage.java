package io.cpesentinel.ingest.cwmp;

import io.cpesentinel.schema.CwmpFault;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.ParameterValue;
import java.util.List;

/**
 * What a SOAP body of a CWMP session carries, in the few shapes the ingest turns into records: the
 * Inform, transfers, the ACS's configuration RPCs, faults, and everything else as a generic RPC
 * (method name, command or parameter key, parameter names, status).
 */
public sealed interface CwmpMessage {
  /** The RPC element's local name, e.g. {@code Inform}, {@code SetParameterValuesResponse}. */
  String method();

  /** CPE → ACS: the start of every session. Parameter values are as sent (not yet redacted). */
  record Inform(
      DeviceId deviceId,
      List<InformEvent> events,
      long maxEnvelopes,
      String currentTime,
      long retryCount,
      List<ParameterValue> parameters)
      implements CwmpMessage {
    @Override
    public String method() {
      return "Inform";
    }
  }

  /** CPE → ACS: TransferComplete or AutonomousTransferComplete. */
  record TransferComplete(
      String method,
      String commandKey,
      CwmpFault fault,
      String startTime,
      String completeTime,
      String fileType,
      String transferUrl)
      implements CwmpMessage {}

  /** ACS → CPE: SetParameterValues, values as sent (not yet redacted). */
  record SetParameterValues(List<ParameterValue> parameters, String parameterKey)
      implements CwmpMessage {
    @Override
    public String method() {
      return "SetParameterValues";
    }
  }

  /** ACS → CPE: Download or ScheduleDownload. The Username/Password arguments are not kept. */
  record Download(
      String method,
      String commandKey,
      String fileType,
      String url,
      Long fileSize,
      String targetFileName)
      implements CwmpMessage {}

  /** A SOAP Fault; for CWMP faults with the cwmp:Fault detail. */
  record Fault(CwmpFault fault) implements CwmpMessage {
    @Override
    public String method() {
      return "Fault";
    }
  }

  /**
   * Any other RPC or response.
   *
   * @param commandKey CommandKey, or ParameterKey for AddObject/DeleteObject; null if none
   * @param parameterNames ParameterNames, ObjectName or ParameterList names, in order
   * @param status the Status of a response, or null
   */
  record Rpc(String method, String commandKey, List<String> parameterNames, String status)
      implements CwmpMessage {
    public boolean isResponse() {
      return method.endsWith("Response");
    }
  }
}
