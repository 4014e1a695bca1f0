package io.cpesentinel.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.ingest.testing.CpeClient;
import io.cpesentinel.ingest.testing.HostileBodies;
import io.cpesentinel.ingest.testing.RunningIngest;
import io.cpesentinel.ingest.testing.Soap;
import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.schema.DeadLetter;
import io.cpesentinel.schema.Topic;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class HostileInputITCase {
  private static final String CONFIG =
      """
      mode: receiver
      cwmp:
        listen: {host: 127.0.0.1, port: 0}
        limits:
          maxBodyBytes: 65536
          maxDepth: 16
          maxParameters: 64
          maxValueChars: 1024
          idleTimeout: 2s
          bodyReadTimeout: 1s
      deadLetters: {perSecond: 1, burst: 100}
      """;

  @Test
  void everyHostileBodyIsRefusedCountedSampledAndTheServerKeepsServing(StackResources stack)
      throws Exception {
    List<HostileBodies.Case> cases = HostileBodies.all();
    try (RunningIngest ingest = RunningIngest.start(stack, CONFIG, Map.of())) {
      for (HostileBodies.Case hostile : cases) {
        try (CpeClient attacker = new CpeClient(ingest.cwmpUrl())) {
          ContentResponse answer = attacker.post(hostile.body());

          assertThat(answer.getStatus()).as(hostile.name()).isEqualTo(400);
          assertThat(answer.getContentAsString())
              .as(hostile.name())
              .contains("<FaultCode>8003</FaultCode>", hostile.reason().name())
              .doesNotContain("root:x:0:0");
          assertThat(answer.getHeaders().get(HttpHeader.CONNECTION)).isEqualTo("close");
        }
      }
      try (CpeClient cpe = new CpeClient(ingest.cwmpUrl())) {
        assertThat(cpe.post(Soap.inform("ok", "S-after", "2 PERIODIC")).getStatus()).isEqualTo(200);
      }

      Map<RejectReason, Integer> expected = new HashMap<>();
      cases.forEach(c -> expected.merge(c.reason(), 1, Integer::sum));
      expected.forEach(
          (reason, count) ->
              assertThat(ingest.server().metrics().rejects(reason))
                  .as(reason.name())
                  .isEqualTo(count.doubleValue()));
      List<ConsumerRecord<byte[], byte[]>> letters =
          ingest.read(Topic.CPE_INFORM_DLQ, cases.size());
      assertThat(letters).hasSize(cases.size());
      for (int i = 0; i < cases.size(); i++) {
        DeadLetter letter = DeadLetter.fromHeaders(letters.get(i).headers()).orElseThrow();
        HostileBodies.Case hostile = cases.get(i);
        assertThat(letter.reasonCode()).isEqualTo(hostile.reason().name());
        assertThat(letter.stage()).isEqualTo("ingest.cwmp");
        assertThat(letter.source()).startsWith("127.0.0.1:");
        assertThat(letters.get(i).value()).isEqualTo(hostile.body());
      }
      String metrics = metrics(ingest);
      assertThat(metrics).contains("cpe_ingest_rejects_total{reason=\"XML_DOCTYPE\"} 3.0");
      assertThat(metrics).contains("cpe_ingest_informs_total{mode=\"receiver\"} 1.0");
    }
  }

  @Test
  void transportLimitsGetPlain4xx(StackResources stack) throws Exception {
    try (RunningIngest ingest = RunningIngest.start(stack, CONFIG, Map.of());
        CpeClient cpe = new CpeClient(ingest.cwmpUrl())) {
      byte[] oversize = Soap.envelope("1", "<cwmp:Inform>" + " ".repeat(70_000) + "</cwmp:Inform>");
      assertThat(cpe.post(oversize).getStatus()).isEqualTo(413);
      assertThat(cpe.postChunked(oversize).getStatus()).isEqualTo(413);

      ContentResponse zipped =
          cpe.request()
              .headers(h -> h.put(HttpHeader.CONTENT_ENCODING, "gzip"))
              .body(new BytesRequestContent("text/xml", gzip(Soap.inform("z", "S-gz", "1 BOOT"))))
              .send();
      assertThat(zipped.getStatus()).isEqualTo(200);

      ContentResponse bomb =
          cpe.request()
              .headers(h -> h.put(HttpHeader.CONTENT_ENCODING, "gzip"))
              .body(new BytesRequestContent("text/xml", gzip(new byte[10 << 20])))
              .send();
      assertThat(bomb.getStatus()).isEqualTo(413);
      assertThat(bomb.getContentAsString()).contains("inflates beyond");

      ContentResponse brotli =
          cpe.request()
              .headers(h -> h.put(HttpHeader.CONTENT_ENCODING, "br"))
              .body(new BytesRequestContent("text/xml", new byte[] {1, 2, 3}))
              .send();
      assertThat(brotli.getStatus()).isEqualTo(415);

      HttpResponse<String> get =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(ingest.cwmpUrl())).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(ingest.server().metrics().rejects(RejectReason.BODY_TOO_LARGE)).isEqualTo(3.0);
      assertThat(ingest.server().metrics().rejects(RejectReason.UNSUPPORTED_ENCODING))
          .isEqualTo(1.0);
    }
  }

  @Test
  void slowSendersAreCutOffWhileOthersAreServed(StackResources stack) throws Exception {
    try (RunningIngest ingest = RunningIngest.start(stack, CONFIG, Map.of());
        Socket slowBody = new Socket("127.0.0.1", ingest.server().cwmpPort());
        Socket slowHeaders = new Socket("127.0.0.1", ingest.server().cwmpPort());
        CpeClient cpe = new CpeClient(ingest.cwmpUrl())) {
      send(
          slowBody,
          "POST /cwmp HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<soap");
      send(slowHeaders, "POST /cwmp HTTP/1.1\r\nHost: x\r\n");

      assertThat(cpe.post(Soap.inform("1", "S-busy", "2 PERIODIC")).getStatus()).isEqualTo(200);
      String slowBodyAnswer = readUntilClosed(slowBody);
      String slowHeadersAnswer = readUntilClosed(slowHeaders);

      assertThat(slowBodyAnswer).startsWith("HTTP/1.1 408").contains("SLOW_BODY");
      assertThat(slowHeadersAnswer).doesNotContain("200 OK");
      assertThat(ingest.server().metrics().rejects(RejectReason.SLOW_BODY)).isEqualTo(1.0);
    }
  }

  private static void send(Socket socket, String text) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** What the server sends until it closes; fails if it keeps the connection 20 s. */
  private static String readUntilClosed(Socket socket) throws Exception {
    socket.setSoTimeout(20_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept a slow connection open for 20 s", e);
    } catch (java.net.SocketException reset) {
      // A reset is a close too.
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  private static String metrics(RunningIngest ingest) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ingest.server().metricsPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(data);
    }
    return out.toByteArray();
  }
}
