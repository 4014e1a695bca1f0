package io.cpesentinel.ingest.proxy;

import io.cpesentinel.ingest.testing.Soap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An upstream ACS for proxy tests. Like GenieACS it binds the Digest nonce to the TCP connection
 * (so the proxy must keep a CPE's requests on one upstream connection), challenges an Inform
 * without credentials, refuses the user {@code intruder}, sets a session cookie, and then plays a
 * fixed script of RPCs, one per CPE POST, ending with 204.
 */
final class AcsStub implements AutoCloseable {
  /** What the stub received, for assertions on what the proxy forwarded. */
  record Received(
      String body, String cookie, String forwardedFor, String authorization, String connection) {}

  static final List<String> SCRIPT =
      List.of(
          "<cwmp:SetParameterValues><ParameterList soap-enc:arrayType=\"cwmp:ParameterValueStruct[2]\">"
              + "<ParameterValueStruct><Name>Device.DNS.Client.Server.1.DNSServer</Name>"
              + "<Value xsi:type=\"xsd:string\">192.0.2.53</Value></ParameterValueStruct>"
              + "<ParameterValueStruct><Name>Device.ManagementServer.ConnectionRequestPassword</Name>"
              + "<Value xsi:type=\"xsd:string\">cr-secret</Value></ParameterValueStruct>"
              + "</ParameterList><ParameterKey>pk-1</ParameterKey></cwmp:SetParameterValues>",
          "<cwmp:Download><CommandKey>fw-9</CommandKey><FileType>1 Firmware Upgrade Image</FileType>"
              + "<URL>https://fw:pw@files.isp.example/hgw-5.5.0.bin</URL><Username>fw</Username>"
              + "<Password>pw</Password><FileSize>4096</FileSize><TargetFileName>fw.bin</TargetFileName>"
              + "<DelaySeconds>0</DelaySeconds><SuccessURL/><FailureURL/></cwmp:Download>",
          "<cwmp:AddObject><ObjectName>Device.Users.User.</ObjectName>"
              + "<ParameterKey>add-user-1</ParameterKey></cwmp:AddObject>",
          "<cwmp:Reboot><CommandKey>rb-7</CommandKey></cwmp:Reboot>",
          "<cwmp:FactoryReset/>");

  static final List<String> SCRIPT_IDS = List.of("spv-1", "dl-1", "add-1", "rb-1", "fr-1");

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  final List<Received> received = new CopyOnWriteArrayList<>();

  AcsStub() throws Exception {
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new Acs());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  private final class Acs extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String body = Content.Source.asString(request, StandardCharsets.UTF_8);
      String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      received.add(
          new Received(
              body,
              request.getHeaders().get(HttpHeader.COOKIE),
              request.getHeaders().get(HttpHeader.X_FORWARDED_FOR),
              authorization,
              request.getConnectionMetaData().getId()));
      var connection = request.getConnectionMetaData();
      if (body.contains(":Inform>")) {
        Object nonce = connection.getAttribute("nonce");
        if (authorization == null
            || nonce == null
            || !authorization.contains("nonce=\"" + nonce + "\"")
            || authorization.contains("username=\"intruder\"")) {
          String fresh = HexFormat.of().formatHex(randomBytes());
          connection.setAttribute("nonce", fresh);
          response.setStatus(401);
          response
              .getHeaders()
              .put(
                  HttpHeader.WWW_AUTHENTICATE,
                  "Digest realm=\"acs\", qop=\"auth\", nonce=\"" + fresh + "\"");
          response.write(
              true, ByteBuffer.wrap("Unauthorized".getBytes(StandardCharsets.UTF_8)), callback);
          return true;
        }
        connection.setAttribute("step", 0);
        response.getHeaders().put(HttpHeader.SET_COOKIE, "session=acs-7f3a; Path=/");
        soap(
            response,
            callback,
            "inform-1",
            "<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>");
        return true;
      }
      int step = connection.getAttribute("step") instanceof Integer s ? s : SCRIPT.size();
      if (step >= SCRIPT.size()) {
        response.setStatus(204);
        callback.succeeded();
        return true;
      }
      connection.setAttribute("step", step + 1);
      soap(response, callback, SCRIPT_IDS.get(step), SCRIPT.get(step));
      return true;
    }
  }

  private static void soap(Response response, Callback callback, String id, String rpc) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=utf-8");
    response.write(true, ByteBuffer.wrap(Soap.envelope(id, rpc)), callback);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
