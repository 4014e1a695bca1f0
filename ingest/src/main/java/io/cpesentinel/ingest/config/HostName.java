package io.cpesentinel.ingest.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The default node name: the host name, as operators see it in records and metrics. */
final class HostName {
  private HostName() {}

  static String get() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "ingest";
    }
  }
}
