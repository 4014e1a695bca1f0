package io.cpesentinel.ingest.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpesentinel.ingest.http.HttpResponses;
import io.cpesentinel.ingest.http.Rejections;
import io.cpesentinel.ingest.xml.RejectedInputException;
import java.util.Map;

/** Errors for ACSs calling the webhook: {@code {"reason": "JSON_INVALID", "error": "..."}}. */
final class JsonErrorFormat implements Rejections.ErrorFormat {
  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Rejections.ErrorBody format(RejectedInputException e, String namespace) {
    return new Rejections.ErrorBody(
        HttpResponses.JSON, json(Map.of("reason", e.reason().name(), "error", e.getMessage())));
  }

  byte[] json(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON response", e);
    }
  }
}
