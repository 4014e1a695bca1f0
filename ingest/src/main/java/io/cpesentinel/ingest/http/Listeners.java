package io.cpesentinel.ingest.http;

import io.cpesentinel.ingest.config.IngestConfig;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds the ingest's HTTP(S) connectors: small request headers, no server version, an idle timeout
 * (slow senders are dropped), a cap on open connections, and TLS from a PKCS12 keystore with
 * optional client certificates. CPEs often connect by IP address, so the SNI host check is off.
 */
public final class Listeners {
  private static final int MAX_REQUEST_HEADER_BYTES = 8192;

  private Listeners() {}

  public static ServerConnector connector(
      Server server,
      String name,
      IngestConfig.Listener listener,
      Duration idleTimeout,
      int maxConnections,
      Map<String, String> environment) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    ServerConnector connector;
    if (listener.tls() != null) {
      http.setSecureScheme("https");
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      connector =
          new ServerConnector(
              server, tls(name, listener.tls(), environment), new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setName(name);
    connector.setHost(listener.host());
    connector.setPort(listener.port());
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addBean(new NetworkConnectionLimit(maxConnections, connector));
    return connector;
  }

  private static SslContextFactory.Server tls(
      String name, IngestConfig.Tls tls, Map<String, String> environment) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(tls.keystore());
    ssl.setKeyStoreType("PKCS12");
    ssl.setKeyStorePassword(
        tls.keystorePassword().resolve(name + ".tls.keystorePassword", environment::get));
    switch (tls.clientAuth()) {
      case NEED -> ssl.setNeedClientAuth(true);
      case WANT -> ssl.setWantClientAuth(true);
      default -> {}
    }
    if (tls.truststore() != null) {
      ssl.setTrustStorePath(tls.truststore());
      ssl.setTrustStoreType("PKCS12");
      ssl.setTrustStorePassword(
          tls.truststorePassword().resolve(name + ".tls.truststorePassword", environment::get));
    }
    return ssl;
  }
}
