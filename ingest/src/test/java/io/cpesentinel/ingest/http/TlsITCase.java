package io.cpesentinel.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.ingest.testing.RunningIngest;
import io.cpesentinel.ingest.testing.Soap;
import io.cpesentinel.schema.CwmpInform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TLS with client certificates (mTLS) on the CWMP listener; keystores made with keytool. */
@ExtendWith(LocalStackExtension.class)
class TlsITCase {
  private static final String PASSWORD = "test-store-password";

  @TempDir Path dir;

  @Test
  void onlyCpesWithATrustedCertificateGetIn(StackResources stack) throws Exception {
    Path server = dir.resolve("server.p12");
    Path client = dir.resolve("client.p12");
    Path serverTrust = dir.resolve("server-trust.p12");
    Path clientTrust = dir.resolve("client-trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "ingest",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=ingest",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        server.toString());
    keytool(
        "-genkeypair",
        "-alias",
        "cpe",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=0012AB-HGW-S1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        client.toString());
    Path serverCert = dir.resolve("server.crt");
    Path clientCert = dir.resolve("client.crt");
    keytool(
        "-exportcert",
        "-alias",
        "ingest",
        "-keystore",
        server.toString(),
        "-file",
        serverCert.toString());
    keytool(
        "-exportcert",
        "-alias",
        "cpe",
        "-keystore",
        client.toString(),
        "-file",
        clientCert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "cpe",
        "-file",
        clientCert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        serverTrust.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ingest",
        "-file",
        serverCert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        clientTrust.toString());
    String config =
        """
        mode: receiver
        cwmp:
          listen:
            host: 127.0.0.1
            port: 0
            tls:
              keystore: %s
              keystorePassword: {env: TEST_STORE_PASSWORD}
              clientAuth: need
              truststore: %s
              truststorePassword: {env: TEST_STORE_PASSWORD}
        """
            .formatted(server, serverTrust);

    try (RunningIngest ingest =
        RunningIngest.start(stack, config, Map.of("TEST_STORE_PASSWORD", PASSWORD))) {
      String url = "https://127.0.0.1:" + ingest.server().cwmpPort() + "/";
      HttpClient withCertificate = client(clientTrust, client);
      HttpClient withoutCertificate = client(clientTrust, null);
      try {
        ContentResponse answer = post(withCertificate, url);
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThatThrownBy(() -> post(withoutCertificate, url)).isInstanceOf(Exception.class);
      } finally {
        withCertificate.stop();
        withoutCertificate.stop();
      }
      CwmpInform inform = ingest.informs(1).get(0);
      assertThat(inform.getIngest().getTls()).isTrue();
    }
  }

  private static ContentResponse post(HttpClient client, String url) throws Exception {
    return client
        .newRequest(url)
        .method("POST")
        .timeout(20, TimeUnit.SECONDS)
        .body(new BytesRequestContent(Soap.inform("1", "S-TLS", "1 BOOT")))
        .send();
  }

  private static HttpClient client(Path trust, Path keystore) throws Exception {
    SslContextFactory.Client ssl = new SslContextFactory.Client();
    ssl.setTrustStorePath(trust.toString());
    ssl.setTrustStoreType("PKCS12");
    ssl.setTrustStorePassword(PASSWORD);
    if (keystore != null) {
      ssl.setKeyStorePath(keystore.toString());
      ssl.setKeyStoreType("PKCS12");
      ssl.setKeyStorePassword(PASSWORD);
    }
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(ssl);
    HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
    client.start();
    return client;
  }

  /** Runs the JDK's keytool; store passwords go through the environment, not the command line. */
  private static void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass:env", "TEST_STORE_PASSWORD"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TEST_STORE_PASSWORD", PASSWORD);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("keytool %s: %s", String.join(" ", args), output).isZero();
  }
}
