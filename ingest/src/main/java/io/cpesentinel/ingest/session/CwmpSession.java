package io.cpesentinel.ingest.session;

import io.cpesentinel.ingest.acs.PendingRequest;
import io.cpesentinel.ingest.http.Peer;
import io.cpesentinel.schema.AuthMethod;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.DeviceKeys;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the ingest knows about one CWMP session between messages: the device (from its Inform), the
 * namespace it speaks, how its HTTP authentication went, and the ACS requests still waiting for an
 * answer. A CWMP session is a strict request/response sequence, so there is one writer at a time;
 * fields are volatile because consecutive messages may run on different threads.
 */
public final class CwmpSession {
  /** An ACS sends one request per response; a few dozen unanswered ones mean a broken peer. */
  private static final int MAX_PENDING = 64;

  private final String id;
  private final Peer peer;
  private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();
  private final Set<String> cookieKeys = ConcurrentHashMap.newKeySet();
  private volatile DeviceId deviceId;
  private volatile String cwmpNamespace;
  private volatile AuthOutcome authOutcome = AuthOutcome.UNKNOWN;
  private volatile AuthMethod authMethod;
  private volatile String authUser;

  CwmpSession(String id, Peer peer) {
    this.id = id;
    this.peer = peer;
  }

  public String id() {
    return id;
  }

  public Peer peer() {
    return peer;
  }

  public boolean hasInform() {
    return deviceId != null;
  }

  public void informed(DeviceId device, String namespace) {
    this.deviceId = device;
    this.cwmpNamespace = namespace;
  }

  /** The device key once the Inform was seen, else null. */
  public String deviceKey() {
    DeviceId device = deviceId;
    return device == null ? null : DeviceKeys.of(device);
  }

  /** The namespace to answer in: the CPE's, cwmp-1-0 before its Inform. */
  public String cwmpNamespace() {
    return cwmpNamespace;
  }

  public AuthOutcome authOutcome() {
    return authOutcome;
  }

  public AuthMethod authMethod() {
    return authMethod;
  }

  public String authUser() {
    return authUser;
  }

  public void authenticated(AuthOutcome outcome, AuthMethod method, String user) {
    this.authOutcome = outcome;
    this.authMethod = method;
    this.authUser = user;
  }

  /** Cookies ({@code name=value}) this session is found by. */
  Set<String> cookieKeys() {
    return cookieKeys;
  }

  /** Remembers an ACS request until the CPE answers it (same cwmp:ID). */
  public void sent(String cwmpId, PendingRequest request) {
    if (cwmpId != null && pending.size() < MAX_PENDING) {
      pending.put(cwmpId, request);
    }
  }

  /** The ACS request a CPE response or fault answers, if known; forgets it. */
  public Optional<PendingRequest> answered(String cwmpId) {
    return cwmpId == null ? Optional.empty() : Optional.ofNullable(pending.remove(cwmpId));
  }
}
