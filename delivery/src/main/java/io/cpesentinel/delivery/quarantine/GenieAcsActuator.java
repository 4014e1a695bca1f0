package io.cpesentinel.delivery.quarantine;

import io.cpesentinel.delivery.common.HttpDelivery;
import io.cpesentinel.delivery.common.PermanentDeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Quarantines through the GenieACS NBI by tagging the device ({@code POST
 * /devices/<id>/tags/<tag>}) and releases by removing the tag ({@code DELETE}); GenieACS provisions
 * and presets keyed on that tag do the rest. Both are idempotent. The device key is already the
 * GenieACS device id; it is URL-encoded here (it contains {@code %} escapes itself).
 */
public final class GenieAcsActuator implements QuarantineActuator {
  private final URI baseUrl;
  private final String tag;
  private final HttpDelivery http;
  private final String authorization;

  /**
   * @param authorization a ready {@code Authorization} header value, or null
   */
  public GenieAcsActuator(URI baseUrl, String tag, HttpDelivery http, String authorization) {
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
    this.tag = tag;
    this.http = http;
    this.authorization = authorization;
  }

  /** HTTP basic credentials as an {@code Authorization} header value. */
  public static String basic(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Where the tag of one device lives. */
  URI tagUrl(String deviceKey) {
    return baseUrl.resolve("devices/" + encode(deviceKey) + "/tags/" + encode(tag));
  }

  @Override
  public String apply(QuarantineAction action)
      throws PermanentDeliveryException, IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(tagUrl(action.deviceKey)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      request.header("authorization", authorization);
    }
    if (action.kind == ActionKind.RELEASE) {
      request.DELETE();
    } else {
      request.POST(HttpRequest.BodyPublishers.noBody());
    }
    HttpRequest built = request.build();
    HttpResponse<String> response = http.send(() -> built);
    return "genieacs " + built.method() + " HTTP " + response.statusCode();
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
