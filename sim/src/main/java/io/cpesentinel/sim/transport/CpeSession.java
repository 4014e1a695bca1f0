package io.cpesentinel.sim.transport;

import io.cpesentinel.ingest.cwmp.CwmpMessage;
import java.time.Instant;

/**
 * One CWMP session a device opens: its Inform and, after an ACS Download, the TransferComplete.
 *
 * @param sourceIp the device's WAN address (used as the source address where the transport can set
 *     it: producing straight to Kafka)
 * @param transferCommandKey the Download's command key, or null for no TransferComplete
 * @param transferStart when the transfer started
 */
public record CpeSession(
    String sourceIp, CwmpMessage.Inform inform, String transferCommandKey, Instant transferStart) {}
