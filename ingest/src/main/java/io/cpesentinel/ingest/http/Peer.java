package io.cpesentinel.ingest.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.server.Request;

/**
 * The other end of an HTTP request as the ingest saw it: its address and port (of the TCP
 * connection, so a CGNAT or load-balancer address where there is one) and whether TLS was used.
 */
public record Peer(String ip, int port, boolean tls) {
  public static Peer of(Request request) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    String ip = "unknown";
    int port = 0;
    if (remote instanceof InetSocketAddress inet) {
      ip = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
      port = inet.getPort();
    }
    return new Peer(ip, port, request.isSecure());
  }

  /** {@code ip:port}, as the dead-letter source. */
  public String describe() {
    return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
  }
}
